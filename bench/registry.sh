#!/bin/sh
# bench/registry.sh: what `make bench-registry` runs (issue 5). Writes the sections "## Import"
# and "## Fetch one patient" of docs/benchmarks-registry.md (other sections of that file, such as
# "## Incremental re-match", are kept as they are).
#
#   Import: BENCH_PATIENTS (100,000) synthetic case files with 10 alterations each on average,
#   exactly 1,000,000 in all (bench/registry_gen.c: samples with typed variants, fusions and
#   copy number, a MAF beside one case in twenty; labs, therapy lines, enrolments), imported with
#   `oncoboard db import` into a fresh SQLite registry, BENCH_RUNS (3) times; target <= 60 s.
#   One `--dry-run` of the same files measures the validation alone (every case file loaded and
#   every lab file read, nothing written). The same import into PostgreSQL when a server is
#   installed (the throwaway cluster of tests/pg/cluster.sh: Unix socket, fsync on,
#   shared_buffers 16 MB), BENCH_PG_RUNS (BENCH_RUNS) times; no target, reported.
#   Fetch one patient: build/bench/registry_fetch on the imported registry, opened once:
#   BENCH_FETCHES (2,000) random patients, each one transaction around onc_store_get_case
#   (every table, the audited read); target: median of onc_store_get_case < 1 ms. And
#   `oncoboard report --db URL --patient ID` as a command (a process, the knowledge base loaded,
#   the registry opened), 20 runs.
#
# Inputs go to bench/out/registry/ (gitignored), generated when absent from BENCH_SEED.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out/registry
RUNS=${BENCH_RUNS:-3}
PG_RUNS=${BENCH_PG_RUNS:-$RUNS}
SEED=${BENCH_SEED:-20261129}
N=${BENCH_PATIENTS:-100000}
FETCHES=${BENCH_FETCHES:-2000}
BIN=./oncoboard
FETCH=build/bench/registry_fetch
TIME=/usr/bin/time
DOC=docs/benchmarks-registry.md
[ -x "$BIN" ] && [ -x "$FETCH" ] || { echo "bench: run make bench-registry" >&2; exit 2; }
command -v "$TIME" >/dev/null 2>&1 || { echo "bench: $TIME is missing (sh scripts/install-deps.sh)" >&2; exit 2; }
mkdir -p "$OUT"
if [ ! -x "$OUT/registry_gen" ] || [ bench/registry_gen.c -nt "$OUT/registry_gen" ]; then
    cc -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -o "$OUT/registry_gen" bench/registry_gen.c
fi
CASES="$OUT/cases_$N"
if [ ! -f "$CASES/.done" ] || [ "$OUT/registry_gen" -nt "$CASES/.done" ]; then
    echo "bench: generating $N case files in $CASES" >&2
    rm -rf "$CASES"
    mkdir -p "$CASES"
    "$OUT/registry_gen" "$N" "$SEED" "$CASES"
    touch "$CASES/.done"
fi
DB="$OUT/registry.db"

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# import URL TIMES_FILE: a fresh registry at URL, then the timed import; appends
# "wall_s rss_kb exit cpu_s" to TIMES_FILE and keeps the import's stdout in $OUT/import.out.
import_once() {
    "$BIN" db init --db "$1" >/dev/null
    $TIME -f "%e %M %x %U %S" -o "$OUT/time.one" "$BIN" db import --db "$1" "$CASES" >"$OUT/import.out" 2>"$OUT/import.err" || true
    awk '{printf "%s %s %s %.2f\n", $1, $2, $3, $4 + $5}' "$OUT/time.one" >>"$2"
}

fresh_sqlite() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.audit-key" "$DB.audit-checkpoints"; }

# BENCH_REPORT_ONLY=1: no measurement, the document again from the figures in $OUT (after a
# change of this script's text).
if [ "${BENCH_REPORT_ONLY:-0}" != 1 ]; then
# ---- SQLite ----
: >"$OUT/sqlite.times"
i=0
while [ $i -lt "$RUNS" ]; do
    fresh_sqlite
    import_once "sqlite:$DB" "$OUT/sqlite.times"
    i=$((i + 1))
done
cp "$OUT/import.out" "$OUT/sqlite_import.out"
"$BIN" db init --db "sqlite:$DB.dry" >/dev/null
$TIME -f "%e %M %x %U %S" -o "$OUT/time.dry" "$BIN" db import --dry-run --db "sqlite:$DB.dry" "$CASES" >/dev/null 2>&1 || true
rm -f "$DB.dry" "$DB.dry-wal" "$DB.dry-shm" "$DB.dry.audit-key" "$DB.dry.audit-checkpoints"
"$FETCH" "sqlite:$DB" "$N" "$FETCHES" "$SEED" >"$OUT/fetch.out"
: >"$OUT/report.times"
i=0
while [ $i -lt 20 ]; do
    id=$(printf 'P%07d' $(((i * 4999) % N + 1)))
    $TIME -f "%e" -o "$OUT/time.one" "$BIN" report --db "sqlite:$DB" --patient "$id" --format json -o "$OUT/report.json" 2>/dev/null || true
    cat "$OUT/time.one" >>"$OUT/report.times"
    i=$((i + 1))
done

# ---- PostgreSQL ----
: >"$OUT/pg.times"
: >"$OUT/pg_fetch.out"
if [ "$PG_RUNS" -gt 0 ] && PG_BINDIR=$(sh tests/pg/cluster.sh bin 2>/dev/null); then
    PG_DIR=$(mktemp -d)
    trap 'sh tests/pg/cluster.sh stop "$PG_DIR"' EXIT
    URL0=$(sh tests/pg/cluster.sh start "$PG_DIR")
    "$PG_BINDIR/postgres" --version | awk '{print $3}' >"$OUT/pg_version"
    URL=$(echo "$URL0" | sed 's|/oncoboard_test?|/onc_bench?|')
    export ONCOBOARD_AUDIT_KEY="$PG_DIR/audit-key" ONCOBOARD_AUDIT_CHECKPOINTS="$PG_DIR/audit-checkpoints"
    i=0
    while [ $i -lt "$PG_RUNS" ]; do
        psql -X -q "$URL0" -c "DROP DATABASE IF EXISTS onc_bench" -c "CREATE DATABASE onc_bench" >/dev/null
        rm -f "$ONCOBOARD_AUDIT_KEY" "$ONCOBOARD_AUDIT_CHECKPOINTS"
        import_once "$URL" "$OUT/pg.times"
        i=$((i + 1))
    done
    "$FETCH" "$URL" "$N" "$FETCHES" "$SEED" >"$OUT/pg_fetch.out"
fi
echo "$(date -u '+%Y-%m-%d %H:%M UTC')|$(cut -d' ' -f1-3 /proc/loadavg)|$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" >"$OUT/when"
fi # BENCH_REPORT_ONLY

PG_NOTE=""
PG_VERSION=""
if [ -s "$OUT/pg.times" ]; then
    PG_VERSION=$(cat "$OUT/pg_version")
elif sh tests/pg/cluster.sh bin >/dev/null 2>&1; then
    PG_NOTE="PostgreSQL: not measured in this run (BENCH_PG_RUNS=0); docs/scaling.md has a run made by hand."
else
    PG_NOTE="PostgreSQL: not measured (no server in /usr/lib/postgresql/*/bin; scripts/install-deps.sh installs it)."
fi
imported=$(cat "$OUT/sqlite_import.out")
db_bytes=$(stat -c %s "$DB")
fetch=$(cat "$OUT/fetch.out")
pg_fetch=$(cat "$OUT/pg_fetch.out")

# ---- the document ----
col() { awk -v c="$2" '{print $c}' "$1" | median; }
t_sqlite=$(col "$OUT/sqlite.times" 1)
v_sqlite=$(awk -v t="$t_sqlite" 'BEGIN {print (t <= 60 ? "met" : "NOT met")}')
get_ms=$(echo "$fetch" | awk '{print $1}')
v_get=$(awk -v t="$get_ms" 'BEGIN {print (t < 1 ? "met" : "NOT met")}')
runs_list() { awk '{printf "%s%s/%s/%s/%s", (NR > 1 ? ", " : ""), $1, $2, $3, $4}' "$1"; }
sections="$OUT/sections.md"
{
    echo "## Import"
    echo
    echo "Written by \`bench/registry.sh\` (\`make bench-registry\`); do not edit by hand. Inputs:"
    echo "bench/registry_gen.c, $N patients, seed $SEED ($(du -sh "$CASES" | cut -f1) of case files)."
    echo
    echo "- Date: $(cut -d'|' -f1 "$OUT/when")"
    echo "- Machine: $(nproc) CPUs, $(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/{printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), shared with other work"
    echo "- oncoboard $($BIN --version | awk '{print $2}') ($(cut -d'|' -f3 "$OUT/when")), SQLite $(pkg-config --modversion sqlite3)${PG_VERSION:+, PostgreSQL $PG_VERSION}"
    echo "- Load average at the end: $(cut -d'|' -f2 "$OUT/when")"
    echo "- Reproduce: \`make bench-registry\` (BENCH_RUNS=$RUNS, BENCH_PATIENTS=$N, BENCH_SEED=$SEED)"
    echo
    echo "What was imported: \`$imported\`"
    echo
    echo "| registry | median wall time | median CPU time (user + system) | peak memory | target |"
    echo "|---|---|---|---|---|"
    echo "| SQLite (WAL, synchronous=FULL), $(wc -l <"$OUT/sqlite.times") runs | $t_sqlite s | $(col "$OUT/sqlite.times" 4) s | $(awk '{print $2}' "$OUT/sqlite.times" | sort -n | tail -1 | awk '{printf "%.0f MB", $1 / 1024}') | <= 60 s: $v_sqlite |"
    if [ -s "$OUT/pg.times" ]; then
        echo "| PostgreSQL $PG_VERSION (test cluster, Unix socket), $(wc -l <"$OUT/pg.times") runs | $(col "$OUT/pg.times" 1) s | $(col "$OUT/pg.times" 4) s (oncoboard only) | $(awk '{print $2}' "$OUT/pg.times" | sort -n | tail -1 | awk '{printf "%.0f MB", $1 / 1024}') | reported |"
    fi
    echo "| validation alone (\`--dry-run\`, $(nproc) threads), 1 run | $(awk '{print $1}' "$OUT/time.dry") s | $(awk '{printf "%.2f", $4 + $5}' "$OUT/time.dry") s | $(awk '{printf "%.0f MB", $2 / 1024}' "$OUT/time.dry") | |"
    echo
    echo "- Wall time is the target's measure and depends on how busy the shared machine is (load"
    echo "  average $(cut -d'|' -f2 "$OUT/when" | cut -d' ' -f1) on $(nproc) CPUs at the end); the CPU time (user + system) is what the"
    echo "  import itself costs. Validation runs on $(nproc) threads, so CPU time can exceed wall time."
    echo "- Before the work on the import (commit 7d8e34b, the same files, 2026-11-29 04:50 UTC, when"
    echo "  the machine was less busy): 232 s wall time, 173 s of CPU; most of it was \`db import\`"
    echo "  comparing every pair of patient ids for duplicates (5 billion comparisons at 100,000 files)."
    echo "  docs/registry.md says what changed and where the time went."
    echo "- SQLite file after the import: $(awk -v b="$db_bytes" 'BEGIN {printf "%.0f MB", b / 1048576}')."
    [ -n "$PG_NOTE" ] && echo "- $PG_NOTE"
    echo "- Each run, wall s/peak KiB/exit/CPU s: SQLite $(runs_list "$OUT/sqlite.times")${PG_VERSION:+; PostgreSQL $(runs_list "$OUT/pg.times")}."
    echo
    echo "## Fetch one patient"
    echo
    echo "Written by \`bench/registry.sh\`. \`build/bench/registry_fetch\` (bench/registry_fetch.c) opens the"
    echo "registry of the import above once, then reads $FETCHES random patients, each in its own"
    echo "transaction: \`onc_store_get_case\` (the patient, diagnosis, biomarkers, labs, therapy lines"
    echo "with agents and progression, enrolments, samples with assay genes, typed entries and the"
    echo "lab files' alterations, warnings, the stored case; and the audited read), then the commit."
    echo
    echo "| registry | onc_store_get_case median | 90th percentile | begin .. commit median | 90th percentile | alterations per case |"
    echo "|---|---|---|---|---|---|"
    echo "$fetch" | awk '{printf "| SQLite | %s ms | %s ms | %s ms | %s ms | %s |\n", $1, $2, $3, $4, $5}'
    [ -n "$pg_fetch" ] && echo "$pg_fetch" | awk -v v="$PG_VERSION" '{printf "| PostgreSQL %s | %s ms | %s ms | %s ms | %s ms | %s |\n", v, $1, $2, $3, $4, $5}'
    echo
    echo "- Target: onc_store_get_case under 1 ms (median, SQLite): $get_ms ms, $v_get. The commit adds"
    echo "  the audit entry's sync to disk (synchronous=FULL)."
    echo "- \`oncoboard report --db sqlite:... --patient ID --format json\` as a command, 20 runs: median"
    echo "  $(median <"$OUT/report.times") s (a new process: loading the knowledge base and opening the registry"
    echo "  dominate; see docs/benchmarks.md for \`report\` of a case file)."
    echo
} >"$sections"

# Replaces this script's sections in $DOC (or appends them), keeping every other section.
[ -f "$DOC" ] || printf '# Benchmarks: the registry\n\nFigures of the registry (issue 5), one section per benchmark.\n\n' >"$DOC"
awk -v sec="$sections" '
    function emit() { while ((getline l < sec) > 0) print l; close(sec); done = 1 }
    /^## / { mine = ($0 == "## Import" || $0 == "## Fetch one patient"); if (mine && !done) emit() }
    !mine { print }
    END { if (!done) { print ""; emit() } }
' "$DOC" >"$DOC.tmp"
mv "$DOC.tmp" "$DOC"
cat "$sections"
