#!/bin/sh
# bench/registry_match.sh: the incremental re-match of the registry after one new patient (issue 5:
# under 50 ms with 10,000 patients and the trials of trials/). Figures go to
# docs/benchmarks-registry.md, section "Incremental re-match" (by hand: this script prints them).
#
#   1. bench/registry_match.c on a fresh SQLite registry in bench/out/registry/ (gitignored):
#      BENCH_PATIENTS (default 10000) synthetic typed cases imported in one transaction, the
#      trials of trials/ loaded, a first full match, then BENCH_RUNS times (default 20) one new
#      patient put and `onc_store_match_run` + commit + audit checkpoint timed (the library with
#      its context loaded, as a server would run it), and a run with nothing changed.
#   2. The whole command on the same registry: `oncoboard db import` of one new case, then
#      `oncoboard db match` timed end to end (program start, knowledge base and portfolio
#      loading included), BENCH_RUNS times; the median is printed.
# With ONCOBOARD_BENCH_PG=postgresql://... (an empty database) step 1 runs there too.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out/registry
N=${BENCH_PATIENTS:-10000}
RUNS=${BENCH_RUNS:-20}
mkdir -p "$OUT"
make -s oncoboard build/rel/liboncoboard.a
PKGS="htslib jansson zlib yaml-0.1 nettle sqlite3 libpq"
cc -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Iinclude $(pkg-config --cflags $PKGS) \
    -o "$OUT/registry_match" bench/registry_match.c build/rel/liboncoboard.a $(pkg-config --libs $PKGS) -lm -pthread

DB="$OUT/registry.db"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.audit-key" "$DB.audit-checkpoints"
echo "== library: $N patients, trials/ (sqlite)"
"$OUT/registry_match" "sqlite:$DB" "$N" trials "$RUNS"
if [ -n "${ONCOBOARD_BENCH_PG:-}" ]; then
    echo "== library: $N patients, trials/ (postgresql)"
    rm -f "$OUT/pg.audit-key" "$OUT/pg.audit-checkpoints"
    ONCOBOARD_AUDIT_KEY="$OUT/pg.audit-key" ONCOBOARD_AUDIT_CHECKPOINTS="$OUT/pg.audit-checkpoints" \
        "$OUT/registry_match" "$ONCOBOARD_BENCH_PG" "$N" trials "$RUNS"
fi

echo "== command: oncoboard db match after one new patient (sqlite, $RUNS runs)"
ms() { date +%s%N | cut -c1-13; }
times=""
i=0
while [ $i -lt "$RUNS" ]; do
    sed "s/\"SYN-EGFR-01\"/\"CMD-$i\"/" examples/cases/SYN-EGFR-01.json >"$OUT/CMD-$i.json"
    ./oncoboard db import --db "sqlite:$DB" "$OUT/CMD-$i.json" >/dev/null
    t0=$(ms)
    ./oncoboard db match --db "sqlite:$DB" --comparison-date 2026-11-29 >"$OUT/last_run.txt"
    t1=$(ms)
    grep -q " 8 pairs evaluated (1 patients" "$OUT/last_run.txt" || { cat "$OUT/last_run.txt"; exit 1; }
    times="$times $((t1 - t0))"
    i=$((i + 1))
done
echo "$times" | tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {printf "db_match_command_ms %d (min %d)\n", v[int((NR+1)/2)], v[1]}'
