#!/usr/bin/env bash
# Builds the Debian package of 阳光账本 from the binaries in BINDIR (make deb,
# make deb-arm64): the app and its command line in /usr/bin, the desktop entry
# and the icon in every size a desktop asks for (统信 UOS, 银河麒麟 and Debian
# alike). ARCH is the binaries' Debian architecture, amd64 unless given.
# Usage: .ci/deb/build.sh VERSION BINDIR OUTDIR [ARCH]
set -euo pipefail
version=${1:?usage: build.sh VERSION BINDIR OUTDIR}
bin=${2:?}
out=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
arch=${4:-amd64}
case "$(file -b "$bin/sunbooks")" in
*x86-64*) built=amd64 ;;
*aarch64*) built=arm64 ;;
*) built=unknown ;;
esac
[ "$built" = "$arch" ] || { echo "build.sh: $bin/sunbooks is $built, not $arch" >&2; exit 1; }

install -Dm755 "$bin/sunbooks" "$root/usr/bin/sunbooks"
install -Dm755 "$bin/sunbooks-cli" "$root/usr/bin/sunbooks-cli"
install -Dm644 "$here/cn.sunbooks.desktop.desktop" "$root/usr/share/applications/cn.sunbooks.desktop.desktop"
for size in 16 32 48 64 128 256; do
	mkdir -p "$root/usr/share/icons/hicolor/${size}x${size}/apps"
	convert "$here/../../assets/icon.png" -resize "${size}x${size}" "$root/usr/share/icons/hicolor/${size}x${size}/apps/cn.sunbooks.desktop.png"
done
install -d "$root/usr/share/doc/sunbooks"
cat >"$root/usr/share/doc/sunbooks/copyright" <<'TXT'
阳光账本 (Sunbooks). The bundled font is WenQuanYi Micro Hei (Apache-2.0 / GPLv3 with font exception).
TXT
installed=$(du -sk "$root/usr" | cut -f1)
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CTL
Package: sunbooks
Version: $version
Architecture: $arch
Maintainer: 阳光账本 <sunbooks@example.invalid>
Installed-Size: $installed
Depends: libc6, libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1
Section: misc
Priority: optional
Homepage: https://example.invalid/sunbooks
Description: 阳光账本 — community governance fund accounting
 The desktop app and command line of 阳光账本: double-entry vouchers with the
 compound on every line, spending approval, income, the monthly public
 notice, ledgers and statements, and the signed files exchanged with the
 street. One SQLite file per book, offline.
CTL
mkdir -p "$out"
deb="$out/sunbooks_${version}_${arch}.deb"
dpkg-deb --build --root-owner-group "$root" "$deb" >/dev/null
echo "$deb"
