#!/usr/bin/env bash
# Runs the real app under Xvfb on a book and photographs each screen, for a
# person to look at: ui/smoke.sh BIN BOOK OUTDIR (used by `make screenshot`).
# Signs in as SUNBOOKS_USER (default 张会计) with SUNBOOKS_PASSWORD (default demo123).
set -euo pipefail
bin=${1:?usage: smoke.sh BIN BOOK OUTDIR}
book=${2:?usage: smoke.sh BIN BOOK OUTDIR}
out=${3:-out/screenshots}
mkdir -p "$out"
export SUNBOOKS_USER=${SUNBOOKS_USER:-张会计}
export SUNBOOKS_PASSWORD=${SUNBOOKS_PASSWORD:-demo123}
# xdotool reads Chinese text only under a UTF-8 locale; C.UTF-8 is always there.
export LC_ALL=C.UTF-8

# A display of our own, whatever else runs on this machine.
disp=""
for n in $(seq 91 120); do
	if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "no free X display" >&2; exit 1; }
Xvfb "$disp" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$disp
# A private HOME, so the smoke run neither reads nor changes the person's
# recent books and preferences.
home=$(mktemp -d)
app=""
cleanup() {
	[ -n "$app" ] && kill "$app" 2>/dev/null || true
	kill "$xvfb" 2>/dev/null || true
	rm -rf "$home"
}
trap cleanup EXIT
sleep 1

HOME=$home LC_ALL= LANG=zh_CN.UTF-8 "$bin" -book "$book" >"$out/app.log" 2>&1 &
app=$!

win=""
for _ in $(seq 1 60); do
	win=$(xdotool search --name '阳光账本' 2>/dev/null | head -1 || true)
	[ -n "$win" ] && break
	sleep 0.5
done
[ -n "$win" ] || { echo "the app window did not appear; log:" >&2; cat "$out/app.log" >&2; exit 1; }
xdotool windowactivate --sync "$win" 2>/dev/null || xdotool windowfocus "$win" 2>/dev/null || true
sleep 2

shot() { # shot NAME: photograph the whole screen
	import -display "$disp" -window root "$out/$1.png"
	echo "$out/$1.png"
}

shot 00-login
xdotool key --window "$win" Return
sleep 2

# Ctrl+1…9 switch screens; the window title names the screen shown.
for i in 1 2 3 4 5 6 7 8 9; do
	xdotool key --window "$win" "ctrl+$i"
	sleep 1.5
	title=$(xdotool getwindowname "$win" | sed 's/^阳光账本 — //; s#[/ ]#_#g')
	shot "0$i-$title"
done

# The voucher form with the account completion open.
xdotool key --window "$win" ctrl+n
sleep 1.5
xdotool type --delay 60 '收到三月停车费'
xdotool key --window "$win" Return
xdotool type --delay 60 'yhck'
sleep 1
shot 10-填制凭证-助记码
echo "screenshots in $out"
