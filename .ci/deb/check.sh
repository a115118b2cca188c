#!/usr/bin/env bash
# Installs the .deb on this machine (as root), starts the installed app on a
# demo book under Xvfb until its window shows, photographs it, and removes
# the package again. A package for another architecture (arm64 on this amd64
# machine) is installed against that architecture's libraries (Debian
# multiarch) and its programs are run through qemu-user, as they would run on
# the PC. Usage: .ci/deb/check.sh PACKAGE.deb OUTDIR
set -euo pipefail
deb=${1:?usage: check.sh PACKAGE.deb OUTDIR}
out=${2:-out/deb-check}
mkdir -p "$out"
out=$(cd "$out" && pwd)
export LC_ALL=C.UTF-8
fail() { printf 'deb-check FAILED: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "installing a package needs root"
work=$(mktemp -d)
cleanup() {
	[ -n "${app:-}" ] && kill "$app" 2>/dev/null
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
	dpkg -r sunbooks >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

# run starts an installed program, through qemu-user when the package is
# for another architecture than this machine's.
arch=$(dpkg-deb -f "$deb" Architecture)
runner=""
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
	case "$arch" in
	arm64) runner=qemu-aarch64-static ;;
	*) fail "no way to run $arch programs here" ;;
	esac
	command -v "$runner" >/dev/null || fail "$runner is missing (Debian's qemu-user-static)"
fi
run() { local prog=$1; shift; $runner "$(command -v "$prog")" "$@"; }

echo "== dpkg -i $(basename "$deb")"
dpkg -i "$deb" >"$out/dpkg.log" 2>&1 || { cat "$out/dpkg.log"; fail "dpkg -i"; }
for f in /usr/bin/sunbooks /usr/bin/sunbooks-cli /usr/share/applications/cn.sunbooks.desktop.desktop /usr/share/icons/hicolor/256x256/apps/cn.sunbooks.desktop.png; do
	[ -e "$f" ] || fail "$f is not installed"
done
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate /usr/share/applications/cn.sunbooks.desktop.desktop || fail "the desktop entry does not validate"
fi
echo "== the installed CLI makes a demo book"
SUNBOOKS_PASSWORD=demo123 run sunbooks-cli demo -book "$work/演示社区.sunbooks" >/dev/null || fail "sunbooks-cli demo"

echo "== the installed app starts under Xvfb"
disp=""
for n in $(seq 151 180); do
	if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || fail "no free X display"
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
HOME=$work DISPLAY=$disp LANG=C run sunbooks -book "$work/演示社区.sunbooks" >"$out/app.log" 2>&1 &
app=$!
shown=""
for _ in $(seq 1 60); do
	sleep 1
	if DISPLAY=$disp xdotool search --name '阳光账本' >/dev/null 2>&1; then shown=yes; break; fi
	kill -0 "$app" 2>/dev/null || break
done
sleep 2
DISPLAY=$disp import -window root "$out/app.png" || true
[ -n "$shown" ] || { cat "$out/app.log"; fail "the installed app's window did not appear"; }
file -b /usr/bin/sunbooks | grep -q "$( [ "$arch" = arm64 ] && echo aarch64 || echo x86-64)" || fail "/usr/bin/sunbooks is not an $arch program"
echo "== dpkg -r sunbooks"
kill "$app" 2>/dev/null || true
app=""
dpkg -r sunbooks >/dev/null || fail "dpkg -r"
[ ! -e /usr/bin/sunbooks ] || fail "dpkg -r left /usr/bin/sunbooks"
echo "deb-check: $(basename "$deb") installs, starts${runner:+ (under $runner)} (in the C locale, in Chinese: $out/app.png) and removes cleanly"
