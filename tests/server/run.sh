#!/bin/sh
# tests/server/run.sh: `oncoboard serve` as a process, what the in-process API tests cannot
# show: HTTPS with a certificate (HSTS, the __Host- cookie with Secure), the graceful stop on
# SIGTERM, the refusal to start on a missing or outdated registry, and
# `make demo-check` (the demo registry, the demo administrator, the server probed and stopped).
# Prints "ok|not ok|skip NAME" lines for tests/run.sh.
set -u
cd "$(dirname "$0")/../.." || exit 3
BIN=./oncoboard
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export ONCOBOARD_ARGON2="t=1,m=1024,p=1"

ok() { echo "ok server.$1"; }
notok() { echo "not ok server.$1 # $2"; }

# start_server LOG ARGS...: starts serve in the background on a free port; sets PID and URL.
start_server() {
    log=$1
    shift
    "$BIN" serve --listen 127.0.0.1:0 "$@" >"$log.out" 2>"$log.err" &
    PID=$!
    URL=""
    for _ in $(seq 1 100); do
        URL=$(sed -n 's/^oncoboard serving on //p' "$log.out")
        [ -n "$URL" ] && return 0
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

db="sqlite:$TMP/reg.db"
$BIN db init --db "$db" >/dev/null
printf 'a long enough password\n' | $BIN user add tester --role clinician --password-stdin --db "$db" >/dev/null

# HTTPS
if ! command -v openssl >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
    echo "skip server.tls # openssl or curl is not installed"
else
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 2 \
        -subj /CN=localhost >/dev/null 2>&1
    if start_server "$TMP/tls" --db "$db" --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"; then
        case "$URL" in https://*) ok tls.url ;; *) notok tls.url "printed $URL" ;; esac
        h=$(curl -sk -D - -o /dev/null "${URL}api/v1/health")
        echo "$h" | grep -qi '^strict-transport-security: max-age=31536000' && ok tls.hsts || notok tls.hsts "no HSTS"
        h=$(curl -sk -D - -o /dev/null -H 'Content-Type: application/json' \
            --data '{"login":"tester","password":"a long enough password"}' "${URL}api/v1/session")
        echo "$h" | grep -qi '^set-cookie: __Host-oncoboard=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Secure' &&
            ok tls.cookie || notok tls.cookie "$(echo "$h" | grep -i set-cookie)"
        plain="http://${URL#https://}"
        curl -s -m 5 -o /dev/null "${plain}api/v1/health" && notok tls.plain_refused "plain HTTP answered" || ok tls.plain_refused
        kill -TERM "$PID"
        wait "$PID"
    else
        notok tls.start "$(cat "$TMP/tls.err")"
    fi
fi

# SIGTERM: exit 0, and the port is closed afterwards.
if start_server "$TMP/term" --db "$db"; then
    curl -s -o "$TMP/term.body" "${URL}api/v1/health"
    grep -q '"status":"ok"' "$TMP/term.body" && ok sigterm.served || notok sigterm.served "no answer before the stop"
    kill -TERM "$PID"
    if wait "$PID"; then ok sigterm.exit; else notok sigterm.exit "exit status $?"; fi
    curl -s -m 3 -o /dev/null "${URL}api/v1/health" && notok sigterm.closed "still answering" || ok sigterm.closed
else
    notok sigterm.start "$(cat "$TMP/term.err")"
fi

# A registry that is not there, and bad options: exit 2 with a message, nothing served.
if $BIN serve --db "sqlite:$TMP/none.db" --listen 127.0.0.1:0 >/dev/null 2>"$TMP/none.err"; then
    notok missing_registry "started"
else
    rc=$?
    [ $rc -eq 2 ] && grep -q 'none.db' "$TMP/none.err" && ok missing_registry || notok missing_registry "exit $rc: $(cat "$TMP/none.err")"
fi
$BIN serve --listen 'nowhere:80' >/dev/null 2>&1
[ $? -eq 2 ] && ok bad_listen || notok bad_listen "not exit 2"

# make demo-check
if ! command -v curl >/dev/null 2>&1; then
    echo "skip server.demo_check # curl is not installed"
elif sh examples/demo.sh >"$TMP/demo.out" 2>&1 && sh examples/serve-demo.sh --check >"$TMP/check.out" 2>&1; then
    ok demo_check
else
    notok demo_check "$(tail -3 "$TMP/check.out" "$TMP/demo.out" | tr '\n' ' ')"
fi
