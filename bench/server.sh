#!/bin/sh
# bench/server.sh: what `make bench-server` runs (issue 6). Writes docs/benchmarks-server.md.
#
#   A registry of BENCH_SERVER_PATIENTS (300) synthetic patients (bench/registry_gen.c, the
#   generator of bench/registry.sh, seed BENCH_SEED) on SQLite, served by `./oncoboard serve`
#   (4 worker threads, the default); one clinician signs in with curl, then wrk sends
#   GET /api/v1/patients/{id}/report with the session cookie over BENCH_CONNECTIONS (50)
#   connections for BENCH_SECONDS (60) s, rotating the patient ids (bench/server.lua). Recorded:
#   requests per second, latency p50/p90/p99 (wrk --latency), errors (socket errors and answers
#   other than 200), and the server's resident memory (VmRSS of /proc/PID/status) every 10 s.
#   Targets (issue 6): no errors, p99 under 200 ms, memory stable. BENCH_DB_DIR puts the
#   registry (and its audit key and checkpoints) on another disk: /dev/shm shows what the
#   synchronous writes cost.
#
# Every report read is audited (one audit entry per request): the benchmark measures that too.
# Inputs and the registry go to bench/out/server/ (gitignored).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out/server
N=${BENCH_SERVER_PATIENTS:-300}
SEED=${BENCH_SEED:-20261129}
CONNS=${BENCH_CONNECTIONS:-50}
SECS=${BENCH_SECONDS:-60}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
PORT=${BENCH_PORT:-18080}
BIN=./oncoboard
DOC=docs/benchmarks-server.md
[ -x "$BIN" ] || { echo "bench: run make bench-server" >&2; exit 2; }
for tool in wrk curl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
mkdir -p "$OUT"
if [ ! -x "$OUT/registry_gen" ] || [ bench/registry_gen.c -nt "$OUT/registry_gen" ]; then
    cc -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -o "$OUT/registry_gen" bench/registry_gen.c
fi
CASES="$OUT/cases_$N"
if [ ! -f "$CASES/.done" ] || [ "$OUT/registry_gen" -nt "$CASES/.done" ]; then
    rm -rf "$CASES"
    mkdir -p "$CASES"
    "$OUT/registry_gen" "$N" "$SEED" "$CASES"
    touch "$CASES/.done"
fi

# A fresh registry with the patients, the demo's trial portfolio matched, and one clinician.
DB_DIR=${BENCH_DB_DIR:-$OUT} # another disk for the registry (a tmpfs shows the cost of fsync)
mkdir -p "$DB_DIR"
DB="$DB_DIR/registry.db"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.audit-key" "$DB.audit-checkpoints"
URL="sqlite:$DB"
"$BIN" db init --db "$URL" >/dev/null
"$BIN" db import --db "$URL" "$CASES" >"$OUT/import.out"
"$BIN" db match --db "$URL" --trials trials >"$OUT/match.out"
PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$PASSWORD" | "$BIN" user add bench --role clinician --name "Bench Mark" --password-stdin --db "$URL" >/dev/null
ls "$CASES" | sed -n 's/^\(P[0-9]*\)\.json$/\1/p' >"$OUT/ids"

# The server, on its own port; stopped whatever happens.
"$BIN" serve --db "$URL" --listen "127.0.0.1:$PORT" --per-address $((CONNS + 8)) --quiet >"$OUT/serve.out" 2>"$OUT/serve.err" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT INT TERM
i=0
until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; do
    i=$((i + 1))
    [ $i -lt 100 ] || { echo "bench: the server did not start (see $OUT/serve.err)" >&2; exit 1; }
    sleep 0.1
done
curl -sf -c "$OUT/cookies" -H 'Content-Type: application/json' \
    -d "{\"login\":\"bench\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/session" >/dev/null
COOKIE=$(awk '$6 == "oncoboard" {print "oncoboard=" $7}' "$OUT/cookies")
[ -n "$COOKIE" ] || { echo "bench: sign-in failed" >&2; exit 1; }
FIRST=$(head -1 "$OUT/ids")
code=$(curl -s -o "$OUT/report.json" -w '%{http_code}' -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/api/v1/patients/$FIRST/report")
[ "$code" = 200 ] || { echo "bench: GET /api/v1/patients/$FIRST/report answered $code" >&2; exit 1; }

rss() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status"; }
echo "0 $(rss)" >"$OUT/rss"
CPU_BEFORE=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
(
    t=0
    while [ $t -lt "$SECS" ]; do
        sleep 10
        t=$((t + 10))
        echo "$t $(rss)" >>"$OUT/rss"
    done
) &
SAMPLER=$!
AUDIT_BEFORE=$("$BIN" audit list --db "$URL" 2>/dev/null | wc -l || echo 0)
BENCH_COOKIE="$COOKIE" BENCH_IDS="$OUT/ids" wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --timeout 10s --latency \
    -s bench/server.lua "http://127.0.0.1:$PORT" >"$OUT/wrk.out" 2>&1
wait "$SAMPLER" || true
CPU_S=$(awk -v b="$CPU_BEFORE" -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15 - b) / hz}' "/proc/$SERVER/stat")
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
trap - EXIT INT TERM
AUDIT_AFTER=$("$BIN" audit list --db "$URL" 2>/dev/null | wc -l || echo 0)

# What a synchronous write costs on the registry's disk (each audited read makes two: the WAL
# commit under synchronous=FULL and the audit head's checkpoint line, fsynced).
dd if=/dev/zero of="$DB_DIR/dsync.test" bs=4k count=200 oflag=dsync 2>"$OUT/dsync.out" || true
rm -f "$DB_DIR/dsync.test"
sync_ms=$(awk '/copied/ {for (i = 1; i <= NF; i++) if ($i == "s,") printf "%.2f", $(i - 1) * 1000 / 200}' "$OUT/dsync.out")

# The figures, from wrk's text.
rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk.out")
total=$(awk '/requests in/ {print $1}' "$OUT/wrk.out")
p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.out")
p90=$(awk '$1 == "90%" {print $2}' "$OUT/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.out")
sock=$(awk '/Socket errors/ {print}' "$OUT/wrk.out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk.out")
statuses=$(awk '/^statuses/ {sub(/^statuses /, ""); print}' "$OUT/wrk.out")
ms() { # wrk's "12.34ms" / "1.02s" / "850.00us" in ms
    echo "$1" | awk '/us$/ {sub(/us$/, ""); printf "%.2f", $1 / 1000; next} /ms$/ {sub(/ms$/, ""); printf "%.2f", $1; next} /s$/ {sub(/s$/, ""); printf "%.2f", $1 * 1000}'
}
p99_ms=$(ms "$p99")
verdict_p99=$(awk -v v="$p99_ms" 'BEGIN {print (v < 200 ? "met" : "not met")}')
errors=$(( ${non2xx:-0} + $(echo "${sock:-}" | awk '{n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) {gsub(/,/, "", $i); n += $i}; print n}') ))
verdict_err=$([ "$errors" -eq 0 ] && echo met || echo "not met")
rss_first=$(awk 'NR == 2 {print $2}' "$OUT/rss")
rss_last=$(tail -1 "$OUT/rss" | awk '{print $2}')
rss_growth=$(awk -v a="$rss_first" -v b="$rss_last" 'BEGIN {printf "%.1f", a ? (b - a) * 100 / a : 0}')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
    echo "# Benchmarks: the server"
    echo
    echo "Written by \`bench/server.sh\` (\`make bench-server\`); do not edit by hand."
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M') UTC"
    echo "- Machine: $(nproc) CPUs, $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/{printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), shared with other work (wrk runs on the same CPUs)"
    echo "- oncoboard $("$BIN" --version | awk '{print $2}') ($rev), SQLite registry (WAL, synchronous=FULL), 4 worker threads"
    echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Registry: $N synthetic patients (bench/registry_gen.c, seed $SEED): $(cat "$OUT/import.out" | head -1)"
    echo "- Command: \`BENCH_COOKIE=... BENCH_IDS=$OUT/ids wrk -t$WRK_THREADS -c$CONNS -d${SECS}s --timeout 10s --latency -s bench/server.lua http://127.0.0.1:$PORT\`"
    echo "  against \`oncoboard serve --db $URL --listen 127.0.0.1:$PORT --per-address $((CONNS + 8)) --quiet\`"
    echo "- Reproduce: \`make bench-server\` (BENCH_SERVER_PATIENTS=$N, BENCH_CONNECTIONS=$CONNS, BENCH_SECONDS=$SECS)"
    [ -z "${BENCH_NOTE:-}" ] || echo "- Note: $BENCH_NOTE"
    echo
    echo "## GET /api/v1/patients/{id}/report, $CONNS connections, $SECS s"
    echo
    echo "| measure | value | target |"
    echo "|---|---|---|"
    echo "| requests | $total ($rps per second) | |"
    echo "| latency p50 / p90 / p99 | $p50 / $p90 / $p99 | p99 < 200 ms: $verdict_p99 |"
    echo "| errors (socket errors, answers other than 200) | $errors | none: $verdict_err |"
    echo "| statuses seen | ${statuses:-?} | |"
    echo "| server memory (VmRSS) at 10 s and at the end | $rss_first kB, $rss_last kB ($rss_growth %) | stable |"
    echo "| audit entries written during the run | $((AUDIT_AFTER - AUDIT_BEFORE)) | one per report read |"
    echo "| server CPU time during the run (user + system) | $CPU_S s of $SECS s on $(nproc) CPUs | |"
    echo
    echo "Where the time goes: the server used $CPU_S s of CPU in $SECS s on $(nproc) CPUs, with a load"
    echo "average of $(cut -d' ' -f1 /proc/loadavg) at the end (other work shared the CPUs, wrk too). Every report read is"
    echo "audited; the server records reads in groups (src/server/server_audit.c): the entries of the"
    echo "requests that arrive together are appended in one transaction (SQLite, WAL,"
    echo "synchronous=FULL) and the audit head anchored once (an fsync), before any of them is answered."
    echo "A synchronous 4 KiB write costs ${sync_ms:-?} ms on the registry's disk (dd oflag=dsync, 200"
    echo "writes): one per request would bound audited reads near"
    echo "$(awk -v m="${sync_ms:-0}" 'BEGIN {if (m > 0) printf "%.0f", 1000 / (2 * m); else printf "(no bound)"}') per second. \`BENCH_DB_DIR=/dev/shm/DIR make bench-server\` puts the registry on a"
    echo "tmpfs, to tell the disk's part from the CPUs'."
    echo
    echo "Memory every 10 s (seconds, kB):"
    echo
    echo '```'
    cat "$OUT/rss"
    echo '```'
    echo
    echo "wrk's output:"
    echo
    echo '```'
    grep -v '^statuses' "$OUT/wrk.out"
    echo '```'
} >"$DOC"
cat "$DOC"
