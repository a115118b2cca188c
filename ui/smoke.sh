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
# Work on a copy: the smoke run types and saves a voucher, and must not
# change the book it was given.
cp "$book" "$home/smoke.sunbooks"
book=$home/smoke.sunbooks
app=""
cleanup() {
	set +e
	# Let the app finish writing its preferences before its HOME goes.
	[ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null
	kill "$xvfb" 2>/dev/null
	wait "$xvfb" 2>/dev/null
	rm -rf "$home" 2>/dev/null
	return 0
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

# The voucher form, typed from the keyboard: the account by its pinyin
# initials with the completion open, then a whole balanced voucher.
xdotool key --window "$win" ctrl+n
sleep 1.5
type() { xdotool type --delay 120 "$1"; sleep 0.3; }
key() { xdotool key --window "$win" "$@"; sleep 0.3; }
type '收到三月停车费'
key Return
type 'yhck'
sleep 1
shot 10-填制凭证-助记码
key Return          # 100201 银行存款—工商银行
type 'ygxq'
key Return          # 阳光小区
type '1200'
key Return          # next line: memo and compound carried down
key Return
type '4301'
key Return
key Return          # compound kept
key Return          # debit empty: on to the credit, which offers 1,200.00
sleep 0.5
shot 11-填制凭证-平衡数
key Return          # take the balancing amount
sleep 0.5
shot 12-填制凭证-借贷平衡
key ctrl+s
sleep 1.5
shot 13-填制凭证-已保存

# 账簿: an account typed by its initials opens its detail ledger; a double
# click on a line opens the voucher. (Positions are those of the 1280×760
# window at the top left of the screen.)
key ctrl+3
sleep 1
xdotool mousemove 790 41 click 1
sleep 0.3
type 'xj'
key Return
sleep 1
shot 14-账簿-明细账
xdotool mousemove 600 167 click --repeat 2 --delay 80 1
sleep 1.5
shot 15-账簿-双击查看凭证
# The menus, with their shortcuts.
key Escape
xdotool mousemove 112 12 click 1
sleep 1
shot 16-凭证菜单
key Escape
xdotool mousemove 68 12 click 1
sleep 1
shot 17-功能菜单
key Escape
echo "screenshots in $out"
