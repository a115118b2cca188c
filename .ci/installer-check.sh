#!/usr/bin/env bash
# Installs the Windows installer silently in a throw-away wine prefix and
# checks what a person would see: the program files, the Start-menu and
# desktop shortcuts, the uninstall entry; then uninstalls and checks a book
# kept in the program's folder is left alone. Usage: .ci/installer-check.sh SETUP.exe
set -euo pipefail
setup=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C.UTF-8 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
work=$(mktemp -d)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$work" 2>/dev/null || true' EXIT
export WINEPREFIX=$work/prefix
fail() { printf 'installer-check FAILED: %s\n' "$*" >&2; exit 1; }

wineboot -i >/dev/null 2>&1 || true
wineserver -w
# wine 8 says it is Windows 7 unless told; the installer wants 10 or later.
wine winecfg /v win10 >/dev/null 2>&1
wineserver -w
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	"$here/wine/bcryptprimitives.c" "$here/wine/bcryptprimitives.def" -ladvapi32

echo "== install silently"
wine "$setup" /S
wineserver -w
prog="$WINEPREFIX/drive_c/Program Files/阳光账本"
for f in sunbooks.exe sunbooks-cli.exe sunbooks.ico uninstall.exe; do
	[ -s "$prog/$f" ] || fail "$prog/$f is missing"
done
menu=$(find "$WINEPREFIX/drive_c" -path '*Start Menu/Programs/阳光账本/阳光账本.lnk' | head -1)
[ -n "$menu" ] || fail "no Start-menu shortcut"
find "$WINEPREFIX/drive_c" -path '*Start Menu/Programs/阳光账本/卸载阳光账本.lnk' | grep -q . || fail "no uninstall shortcut"
find "$WINEPREFIX/drive_c/users" -path '*Desktop/阳光账本.lnk' | grep -q . || fail "no desktop shortcut"
wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.sunbooks.desktop' /v DisplayVersion 2>/dev/null | tr -d '\r' | grep -q DisplayVersion ||
	fail "no uninstall entry"
echo "== the installed CLI runs"
SUNBOOKS_PASSWORD=demo123 wine "$prog/sunbooks-cli.exe" demo -book 'C:\Program Files\阳光账本\测试.sunbooks' >/dev/null || fail "the installed CLI"

echo "== uninstall silently: the program goes, the book stays"
wine "$prog/uninstall.exe" /S _?="C:\\Program Files\\阳光账本"
wineserver -w
[ ! -e "$prog/sunbooks.exe" ] || fail "the uninstaller left sunbooks.exe"
[ -s "$prog/测试.sunbooks" ] || fail "the uninstaller removed a book"
find "$WINEPREFIX/drive_c/users" -path '*Desktop/阳光账本.lnk' | grep -q . && fail "the desktop shortcut stayed"
echo "installer-check: installs, runs, uninstalls and keeps the books (under $(wine --version))"
