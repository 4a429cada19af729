#!/usr/bin/env bash
# Installs the Debian packages ezz needs at run time (fonts) and in its tests
# (qpdf, poppler-utils, openssl; strace for the fsync-order test; chromium and zbar-tools for the web tests; ImageMagick
# and zbar for the QR photo tests, Ghostscript for PDF checks; LibreOffice and python3-uno for the register formats and typing into the rejects workbook). Does nothing for packages already installed.
set -euo pipefail

packages=(fonts-wqy-microhei fonts-hanazono fonts-dejavu-core qpdf poppler-utils openssl strace chromium zbar-tools imagemagick ghostscript libreoffice-calc-nogui python3-uno)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ezz: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
