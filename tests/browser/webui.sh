#!/bin/sh
# tests/browser/webui.sh: the web interface end to end in headless Chromium (tests/browser/webui.mjs,
# driven by playwright-core). Builds a throwaway registry (the example cases, the trials of trials/,
# matched, the reports snapshotted by db reannotate), adds a clinician, an administrator, a viewer
# and a researcher with `oncoboard user add`, starts `oncoboard serve` on a free loopback port and
# walks the interface with SYN-KRAS-01 (group KRAS_G12C, alone in it; matched to NCT06497556);
# screenshots are kept in build/browser/. Also checks the translations (tests/browser/i18n_check.mjs).
# Prints one line per check that tests/run.sh counts: ok NAME | not ok NAME # why | skip NAME # why
# Skips, saying why, without node, npm, chromium (/usr/bin/chromium or $CHROMIUM), a linked
# ./oncoboard or its `user` command. playwright-core (npm) is installed once into build/node
# (outside the sources); nothing else is fetched, and Chromium's own network traffic is off.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 0
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
OUT="$ROOT/build/browser"
NODE_DIR="$ROOT/build/node"
BIN="$ROOT/oncoboard"

skip() { echo "skip web # $1"; exit 0; }
command -v node >/dev/null 2>&1 || skip "no node (install Debian's nodejs)"
node "$ROOT/tests/browser/i18n_check.mjs"
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM (install it: ONCOBOARD_BROWSER=1 sh scripts/install-deps.sh)"
command -v npm >/dev/null 2>&1 || skip "no npm (install Debian's npm)"
[ -x "$BIN" ] || skip "no ./oncoboard (run make)"
"$BIN" user --help >/dev/null 2>&1 || skip "./oncoboard has no user command yet"
if [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
    mkdir -p "$NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error playwright-core@1 >"$NODE_DIR/install.log" 2>&1 ||
        skip "npm could not install playwright-core (see $NODE_DIR/install.log)"
fi
CHROMIUM=$CHROMIUM PLAYWRIGHT=$NODE_DIR REPORT_OUT="$ROOT/build/browser_stats" timeout 120 node "$ROOT/tests/browser/stats_report.mjs" || echo "not ok stats_report/run # node exited with $?"

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
DB="sqlite:$WORK/unit.db"
CLIN_PW="clinician-pass-$$-web"
ADMIN_PW="admin-pass-$$-web"
OTHER_PW="other-pass-$$-web"

# The registry: every step must work, else the walk is pointless.
setup() {
    "$BIN" db init --db "$DB" &&
        "$BIN" db import --db "$DB" examples/cases/SYN-EGFR-01.json examples/cases/SYN-ALK-01.json \
            examples/cases/SYN-KRAS-01.json &&
        "$BIN" db trials load --db "$DB" trials &&
        "$BIN" db match --db "$DB" &&
        "$BIN" db reannotate --db "$DB" &&
        printf '%s\n' "$CLIN_PW" | "$BIN" user add alice --role clinician --name "Alice Martin" --password-stdin --db "$DB" &&
        mkdir -m 700 "$WORK/keys" &&
        "$BIN" db export --format research --new-key --key "$WORK/keys/webtest.key" --project webtest --db "$DB" -o "$WORK/export" &&
        printf '%s\n' "$ADMIN_PW" | "$BIN" user add root --role admin --name "Ada Admin" --password-stdin --db "$DB" &&
        printf '%s\n' "$OTHER_PW" | "$BIN" user add vera --role viewer --name "Vera Viewer" --password-stdin --db "$DB" &&
        printf '%s\n' "$OTHER_PW" | "$BIN" user add remi --role researcher --name "Rémi Research" --password-stdin --db "$DB"
}
if ! setup >"$WORK/setup.log" 2>&1; then
    echo "not ok web/registry # setup failed: $(tail -1 "$WORK/setup.log")"
    exit 0
fi

ONCOBOARD_RESEARCH_KEYS="$WORK/keys" "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
URL=""
i=0
while [ $i -lt 100 ] && [ -z "$URL" ]; do
    URL=$(sed -n 's/^oncoboard serving on \(http[^ ]*\).*/\1/p' "$WORK/serve.out" | head -1)
    kill -0 "$SERVER_PID" 2>/dev/null || break
    [ -z "$URL" ] && sleep 0.1
    i=$((i + 1))
done
if [ -z "$URL" ]; then
    echo "not ok web/serve # the server did not start: $(tail -1 "$WORK/serve.err")"
    exit 0
fi
URL=${URL%/}

rm -rf "$OUT"
mkdir -p "$OUT" "$WORK/profile"
WEBUI_URL=$URL WEBUI_OUT=$OUT WEBUI_PATIENT=SYN-KRAS-01 WEBUI_TRIAL=NCT06497556 WEBUI_GROUP=KRAS_G12C \
    WEBUI_CLINICIAN="alice:$CLIN_PW" WEBUI_ADMIN="root:$ADMIN_PW" \
    WEBUI_VIEWER="vera:$OTHER_PW" WEBUI_RESEARCHER="remi:$OTHER_PW" \
    CHROMIUM=$CHROMIUM PLAYWRIGHT=$NODE_DIR WEBUI_PROFILE="$WORK/profile" \
    timeout 300 node "$ROOT/tests/browser/webui.mjs" || echo "not ok web/run # node exited with $?"
exit 0
