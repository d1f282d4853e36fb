#!/bin/sh
# The last step of `make demo`: the web interface on the demo registry that examples/demo.sh
# built (build/demo/registry.db). Creates the demo administrator, whose password is printed once,
# schedules a tumor board meeting with the example patients through the REST API, and serves on
# 127.0.0.1:8080 ($ONCOBOARD_DEMO_LISTEN) in the foreground until Ctrl-C.
# With --check (`make demo-check`): listens on a free port instead, probes the pages and the API a
# clinician's first visit uses, then stops the server with SIGTERM and checks it exited cleanly.
set -eu
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = --check ] && check=1
out=build/demo
db="sqlite:$out/registry.db"
listen=${ONCOBOARD_DEMO_LISTEN:-127.0.0.1:8080}
[ "$check" = 1 ] && listen=127.0.0.1:0

fail() { echo "serve-demo: $*" >&2; [ -n "${pid:-}" ] && kill -TERM "$pid" 2>/dev/null; exit 1; }

password=$(./oncoboard user add admin --role admin --name "Demo administrator" --generate --db "$db")
./oncoboard serve --db "$db" --listen "$listen" >"$out/serve.out" 2>"$out/serve.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid; exit 0' INT TERM
url=""
for _ in $(seq 1 200); do
    url=$(sed -n 's/^oncoboard serving on //p' "$out/serve.out")
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || fail "the server did not start: $(cat "$out/serve.log")"
    sleep 0.1
done
[ -n "$url" ] || fail "the server did not print its address"

# A signed-in curl: the session cookie in a jar, the CSRF token on every state change.
jar="$out/demo.cookies"
rm -f "$jar"
api() { # METHOD PATH [JSON]
    curl -sS -f -b "$jar" -c "$jar" -X "$1" -H "X-CSRF-Token: ${csrf:-}" -H 'Content-Type: application/json' \
        ${3:+--data "$3"} "${url}${2#/}"
}
csrf=""
login=$(printf '{"login":"admin","password":"%s"}' "$password")
csrf=$(api POST /api/v1/session "$login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
[ -n "$csrf" ] || fail "the demo administrator could not sign in"
next_week=$(date -u -d '+7 days' +%Y-%m-%d)
board=$(api POST /api/v1/boards "{\"meets_on\":\"$next_week\",\"title\":\"Thoracic molecular tumor board\"}" |
    sed -n 's/.*"id":\([0-9]*\).*/\1/p')
for p in SYN-EGFR-01 SYN-ALK-01 SYN-KRAS-01; do
    api POST "/api/v1/boards/$board/patients" "{\"patient\":\"$p\"}" >/dev/null
done

if [ "$check" = 1 ]; then
    curl -sS -f "${url}" | grep -q '<html' || fail "GET / is not the web interface"
    api GET /api/v1/health | grep -q '"status":"ok"' || fail "health"
    api GET "/api/v1/patients?next_board=1" | grep -q 'SYN-KRAS-01' || fail "the next meeting's patients"
    api GET /api/v1/patients/SYN-EGFR-01/report | grep -q '"molecular_group"' || fail "the report"
    api GET /api/v1/patients/SYN-EGFR-01/report.html | grep -q '<html' || fail "the printable report"
    api GET /api/v1/trials | grep -q '"trials"' || fail "the trials"
    api GET /api/v1/audit/verify | grep -q '"intact":true' || fail "the audit log"
    api DELETE /api/v1/session >/dev/null
    kill -TERM "$pid"
    wait "$pid" || fail "the server did not stop cleanly"
    ./oncoboard audit verify --db "$db" >/dev/null || fail "the audit log after the server stopped"
    echo "demo-check: the server answered at $url and stopped cleanly"
    exit 0
fi
cat <<MSG

== oncoboard serve: the web interface of the demo registry ==
   open   $url
   sign in as  admin  with the password  $password
   (shown once: it is stored only as an Argon2id hash; \`oncoboard user passwd admin --db $db\`)
   Ctrl-C stops the server.
MSG
wait "$pid"
