#!/bin/sh
# bench/annotate.sh: `oncoboard annotate` throughput on a GDC-layout MAF (issue 3: at least
# 200,000 rows per second).
#
# The input is made by repeating the data rows of the GDC public TCGA-LUSC MAF (120 columns,
# 602 rows; ../shared/data/test-inputs/musicatk) until it has ROWS rows (default 1,000,000),
# under its own comment lines and header. Repeated rows mean repeated variants: the annotation
# cache answers nearly every row after the first 602. A second file is the same with every
# HGVSp_Short (column 37) rewritten to a distinct missense change (p.<aa><pos><aa>), so that
# nearly every row is a cache miss and goes through the matcher: the worst case. Both files
# are written once to $BENCH_DIR (default /tmp) and reused.
#
# Prints: rows, seconds and rows/s of `annotate` on both files and, for comparison, `profile`
# (the reader alone, with its own TSV output) on the first. Run from the repository root after
# `make`.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${ONCOBOARD_SHARED_DATA:-$ROOT/../shared/data}
ROWS=${ROWS:-1000000}
BENCH_DIR=${BENCH_DIR:-/tmp}
SRC="$SHARED/test-inputs/musicatk/public_TCGA.LUSC.maf"
MAF="$BENCH_DIR/oncoboard_bench_lusc_$ROWS.maf"
DISTINCT="$BENCH_DIR/oncoboard_bench_distinct_$ROWS.maf"
BIN="$ROOT/oncoboard"

[ -f "$SRC" ] || { echo "skip: $SRC absent"; exit 0; }
[ -x "$BIN" ] || { echo "build ./oncoboard first (make)"; exit 2; }
# The shipped knowledge base once it is in kb/, else the test one.
KB=""
[ -f "$ROOT/kb/kb.yaml" ] || KB="--kb $ROOT/tests/data/kb/mini"

if [ ! -f "$MAF" ]; then
    awk -v rows="$ROWS" -F'\t' '
        /^#/ { print; next }
        !header { print; header = 1; next }
        { body[n++] = $0 }
        END { for (i = 0; i < rows; i++) print body[i % n] }' "$SRC" >"$MAF.tmp"
    mv "$MAF.tmp" "$MAF"
fi
if [ ! -f "$DISTINCT" ]; then
    awk -F'\t' -v OFS='\t' '
        BEGIN { split("A C D E F G H I K L M N P Q R S T V W Y", aa, " ") }
        /^#/ || !header { if (!/^#/) header = 1; print; next }
        { $37 = "p." aa[1 + n % 20] (1 + int(n / 20) % 1200) aa[1 + int(n / 7) % 20]; n++; print }' \
        "$MAF" >"$DISTINCT.tmp"
    mv "$DISTINCT.tmp" "$DISTINCT"
fi

# seconds of wall time of a command, its output discarded
seconds() {
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$start $end" | awk '{printf "%.3f", $2 - $1}'
}

report() { # $1 name, $2 seconds
    echo "$1 $2" | awk -v rows="$ROWS" '{printf "%-9s %d rows  %7.3f s  %9.0f rows/s\n", $1, rows, $2, rows / $2}'
}

# shellcheck disable=SC2086
report annotate "$(seconds "$BIN" annotate --no-version $KB --tumor-type LUSC "$MAF")"
# shellcheck disable=SC2086
report distinct "$(seconds "$BIN" annotate --no-version $KB --tumor-type LUSC "$DISTINCT")"
report profile "$(seconds "$BIN" profile --no-version "$MAF")"
