#!/bin/sh
# Set up QMS on a fresh Debian/Ubuntu machine that has only python3:
# the Debian libraries Qt needs, a virtual environment in .venv and the project in it.
#   sh scripts/setup.sh          # to run QMS
#   sh scripts/setup.sh --dev    # also the test and lint tools
set -eu
cd "$(dirname "$0")/.."

DEBS="python3-venv python3-pip
 libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 libpulse0 fonts-dejavu-core tzdata
 libusb-1.0-0
 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
 libxcb-image0 libxcb-xinerama0 libxkbcommon-x11-0"
# For the tests: QR decoding of printed tickets; a PulseAudio null sink to hear a real announcement;
# a virtual X server to start the real apps (xcb platform) and take their screenshots; a headless
# Chromium and its driver to test the pages tablets show (the rating tablet).
DEV_DEBS="libzbar0 pulseaudio pulseaudio-utils xvfb xauth chromium chromium-driver"

extra=""
[ "${1:-}" = "--dev" ] && extra=".[dev]" && DEBS="$DEBS $DEV_DEBS"

if command -v apt-get >/dev/null 2>&1; then
    missing=""
    for p in $DEBS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "Cài các gói Debian / installing Debian packages:$missing"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
else
    echo "Không có apt-get: hãy tự cài các thư viện Qt cần (xem README) / no apt-get: install Qt's libraries yourself" >&2
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e "${extra:-.}"
echo "QMS đã sẵn sàng / ready: .venv/bin/qms --help"
