#!/bin/sh
# tests/browser/screenshot.sh: renders golden HTML reports with headless Chromium and checks that
# each screenshot is a real page: not blank, with dark text pixels in the top band (the header).
# Prints one line per report that tests/run.sh counts:
#     ok NAME | not ok NAME | skip NAME # reason
# Chromium is large and optional (scripts/install-deps.sh installs it with ONCOBOARD_BROWSER=1);
# without /usr/bin/chromium (or $CHROMIUM) every check is skipped. Nothing is fetched: the
# reports are self-contained and the flags turn off Chromium's own network traffic.
# Usage: sh tests/browser/screenshot.sh [--keep DIR] [FILE.html...]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
KEEP=""
if [ "${1:-}" = "--keep" ]; then KEEP=$2; shift 2; fi
[ $# -gt 0 ] || set -- "$ROOT"/tests/golden/report_view/*.html

if [ ! -x "$CHROMIUM" ]; then
    echo "skip browser # no $CHROMIUM (install it: ONCOBOARD_BROWSER=1 sh scripts/install-deps.sh)"
    exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for f in "$@"; do
    f=$(cd "$(dirname "$f")" && pwd)/$(basename "$f") # file:// needs an absolute path
    name=$(basename "$f" .html)
    png="$WORK/$name.png"
    profile=$(mktemp -d "$WORK/profile.XXXXXX")
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --screenshot="$png" --window-size=1240,1754 \
        "file://$f" >"$WORK/chromium.log" 2>&1
    if [ ! -s "$png" ]; then
        echo "not ok browser/$name # no screenshot (chromium: $(tail -1 "$WORK/chromium.log"))"
        continue
    fi
    if why=$(python3 "$ROOT/tests/browser/png_check.py" "$png"); then
        echo "ok browser/$name"
    else
        echo "not ok browser/$name # $why"
    fi
    [ -n "$KEEP" ] && mkdir -p "$KEEP" && cp "$png" "$KEEP/"
done
exit 0
