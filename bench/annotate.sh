#!/bin/sh
# bench/annotate.sh: `oncoboard annotate` throughput on a GDC-layout MAF (issue 3: at least
# 200,000 rows per second). bench/run.sh may call it; it runs on its own too.
#
# Inputs, in bench/out/ (gitignored), generated when absent:
#   bench_1m.maf           1,000,000 rows in the layout of the GDC public TCGA-LUSC MAF (120
#                          columns), made by bench/gen.c exactly as bench/run.sh makes it (same
#                          name, same seed: the two share the file). Its 602 source rows repeat
#                          under new sample names and shifted positions, so the same protein
#                          changes recur and the annotation cache answers nearly every row.
#   bench_1m_distinct.maf  the same with every HGVSp_Short (column 37) rewritten to a distinct
#                          missense change (p.<aa><pos><aa>): nearly every row misses the cache
#                          and goes through the matcher, the worst case.
# Each command runs BENCH_RUNS times (default 3); the median wall time is reported, with
# rows/s. `profile` on the first file is the reader alone, for comparison. The built-in
# knowledge base is used (kb/); BENCH_KB=DIR gives another.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SHARED=${ONCOBOARD_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
OUT=bench/out
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-20261128}
SRC="$SHARED/test-inputs/musicatk/public_TCGA.LUSC.maf"
MAF="$OUT/bench_1m.maf"
DISTINCT="$OUT/bench_1m_distinct.maf"
BIN=./oncoboard
KB=""
[ -n "${BENCH_KB:-}" ] && KB="--kb $BENCH_KB"

[ -f "$SRC" ] || { echo "bench/annotate: $SRC is absent (set ONCOBOARD_SHARED_DATA)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "bench/annotate: build ./oncoboard first (make)" >&2; exit 2; }
mkdir -p "$OUT"
if [ ! -x "$OUT/gen" ] || [ bench/gen.c -nt "$OUT/gen" ]; then
    cc -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -o "$OUT/gen" bench/gen.c
fi
if [ ! -s "$MAF" ]; then
    echo "bench/annotate: generating $MAF" >&2
    "$OUT/gen" maf "$SRC" 1000000 "$SEED" >"$MAF.tmp"
    mv "$MAF.tmp" "$MAF"
fi
if [ ! -s "$DISTINCT" ]; then
    echo "bench/annotate: generating $DISTINCT" >&2
    awk -F'\t' -v OFS='\t' '
        BEGIN { split("A C D E F G H I K L M N P Q R S T V W Y", aa, " ") }
        /^#/ || !header { if (!/^#/) header = 1; print; next }
        { $37 = "p." aa[1 + n % 20] (1 + int(n / 20) % 1200) aa[1 + int(n / 7) % 20]; n++; print }' \
        "$MAF" >"$DISTINCT.tmp"
    mv "$DISTINCT.tmp" "$DISTINCT"
fi

# Median wall seconds of RUNS runs of a command, its output discarded.
median_seconds() {
    i=0
    while [ $i -lt "$RUNS" ]; do
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        echo "$start $end" | awk '{printf "%.3f\n", $2 - $1}'
        i=$((i + 1))
    done | sort -n | awk '{t[NR] = $1} END {print t[int((NR + 1) / 2)]}'
}

report() { # $1 name, $2 seconds
    awk -v name="$1" -v s="$2" 'BEGIN {printf "%-20s 1000000 rows  %7.3f s  %9.0f rows/s\n", name, s, 1000000 / s}'
}

# shellcheck disable=SC2086
report "annotate" "$(median_seconds "$BIN" annotate --no-version $KB --tumor-type LUSC "$MAF")"
# shellcheck disable=SC2086
report "annotate distinct" "$(median_seconds "$BIN" annotate --no-version $KB --tumor-type LUSC "$DISTINCT")"
report "profile" "$(median_seconds "$BIN" profile --no-version "$MAF")"
