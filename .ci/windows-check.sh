#!/usr/bin/env bash
# Runs the Windows build under wine, as an office PC would: the CLI through
# demo → report → notice → verify → backup in a folder and a book with
# Chinese names, then the app itself under Xvfb long enough for a
# screenshot. Usage: .ci/windows-check.sh DISTDIR OUTDIR (make windows-check).
#
# Debian 12's wine 8.0 cannot start a Go ≥ 1.21 program on its own: the Go
# runtime calls ProcessPrng from bcryptprimitives.dll, which wine 8.0 lacks.
# The check builds a stand-in DLL (.ci/wine/bcryptprimitives.c, with mingw)
# that fills the buffer with RtlGenRandom and copies it into the system32
# of its own throw-away wine prefix; nothing of it is shipped.
set -euo pipefail
dist=${1:?usage: windows-check.sh DISTDIR OUTDIR}
out=${2:-out/windows-check}
here=$(cd "$(dirname "$0")" && pwd)
dist=$(cd "$dist" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
export LC_ALL=C.UTF-8 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

work=$(mktemp -d)
cleanup() { wineserver -k 2>/dev/null || true; rm -rf "$work" 2>/dev/null || true; }
trap cleanup EXIT
export WINEPREFIX=$work/prefix

step() { printf '== %s\n' "$*"; }
fail() { printf 'windows-check FAILED: %s\n' "$*" >&2; exit 1; }

step "the ProcessPrng stand-in for wine 8.0"
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" \
	"$here/wine/bcryptprimitives.c" "$here/wine/bcryptprimitives.def" -ladvapi32

step "a fresh wine prefix"
wineboot -i >/dev/null 2>&1 || true
wineserver -w
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

folder='C:\阳光账本\账簿'
unix_folder="$WINEPREFIX/drive_c/阳光账本/账簿"
mkdir -p "$unix_folder"
book="$folder"'\演示社区.sunbooks'
cli() { wine "$dist/sunbooks-cli.exe" "$@"; }
export SUNBOOKS_PASSWORD=demo123 SUNBOOKS_USER=张会计

step "sunbooks-cli.exe help"
cli help >"$out/help.txt" || fail "help"
grep -q "阳光账本命令行" "$out/help.txt" || fail "help does not speak Chinese: $(head -2 "$out/help.txt")"

step "demo: a book in $folder"
cli demo -book "$book" >"$out/demo.txt" 2>&1 || { cat "$out/demo.txt"; fail "demo"; }
[ -s "$unix_folder/演示社区.sunbooks" ] || fail "demo wrote no book"

step "report trial-balance"
month=$(cli report trial-balance -book "$book" -from 2026-01 -to 2026-01 -format csv 2>"$out/report.err" | tee "$out/trial-balance.csv" | wc -l) ||
	{ cat "$out/report.err"; fail "report"; }
[ "$month" -gt 3 ] || fail "the trial balance has $month lines"

step "notice → PDF"
cli notice -book "$book" -month 2026-01 -out "$folder"'\公示.pdf' >"$out/notice.txt" 2>&1 || { cat "$out/notice.txt"; fail "notice"; }
head -c 4 "$unix_folder/公示.pdf" | grep -q '%PDF' || fail "notice wrote no PDF"

step "verify"
cli verify -book "$book" >"$out/verify.txt" 2>&1 || { cat "$out/verify.txt"; fail "verify"; }

step "backup"
cli backup -book "$book" >"$out/backup.txt" 2>&1 || { cat "$out/backup.txt"; fail "backup"; }
ls "$unix_folder"/演示社区.sunbooks.backups/* >/dev/null 2>&1 || fail "backup wrote no snapshot"

step "a usage error exits 2 under Windows too"
set +e
cli close -book "$book" >/dev/null 2>&1
code=$?
set -e
[ "$code" = 2 ] || fail "close without -month exited $code"

step "the app (sunbooks.exe) under Xvfb"
disp=""
for n in $(seq 121 150); do
	if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || fail "no free X display"
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY=$disp wine "$dist/sunbooks.exe" -book "$book" >"$out/app.log" 2>&1 &
app=$!
shown=""
for _ in $(seq 1 60); do
	sleep 1
	if DISPLAY=$disp xdotool search --name '阳光账本' >/dev/null 2>&1; then shown=yes; break; fi
	kill -0 "$app" 2>/dev/null || break
done
sleep 5
DISPLAY=$disp import -window root "$out/app.png" || true
kill "$app" 2>/dev/null || true
wineserver -k 2>/dev/null || true
kill "$xvfb" 2>/dev/null || true
[ -n "$shown" ] || { cat "$out/app.log"; fail "the app's window did not appear (log above, screenshot $out/app.png)"; }

echo "windows-check: the CLI ran demo, report, notice, verify and backup in $folder under $(wine --version); the app showed its window ($out/app.png)"
