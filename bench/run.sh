#!/bin/sh
# bench/run.sh: what `make bench` runs. Measures `oncoboard profile` on generated inputs and
# writes the figures to docs/benchmarks.md (machine, date, command, figures, targets).
#
#   VCF: 1,000,000 records, bgzipped, under the real header of the TCGA LUAD VCF in
#        shared/data (bench/gen.c says how records are made): `oncoboard profile` against
#        `bcftools view -Ou -o /dev/null` on the same file, interleaved in the same run;
#        target: median time ratio <= 2.0. Peak memory (maximum RSS, /usr/bin/time) at 100k
#        and 1M records; target: flat in the file size and <= 64 MB.
#   MAF: 1,000,000 rows in the GDC layout of the TCGA LUSC MAF (its 120 columns, its rows
#        replicated under new sample names and shifted positions); target >= 200,000 rows/s,
#        for `profile` and for `annotate` (bench/annotate.sh adds the all-distinct worst case).
#   report: `oncoboard report` of an example case, knowledge base loaded, 50 runs; < 20 ms.
#
# Inputs are generated into bench/out/ (gitignored) when absent, deterministically from
# BENCH_SEED. Each measurement runs BENCH_RUNS times (default 5); medians are reported.
# Environment: BENCH_RUNS, BENCH_SEED, ONCOBOARD_SHARED_DATA (default ../shared/data).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SHARED=${ONCOBOARD_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
OUT=bench/out
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-20261128}
VCF_SRC="$SHARED/test-inputs/musicatk/public_LUAD_TCGA-97-7938.vcf"
MAF_SRC="$SHARED/test-inputs/musicatk/public_TCGA.LUSC.maf"
BIN=./oncoboard
TIME=/usr/bin/time

for f in "$VCF_SRC" "$MAF_SRC"; do
    [ -f "$f" ] || { echo "bench: $f is absent (set ONCOBOARD_SHARED_DATA)" >&2; exit 2; }
done
for tool in bcftools bgzip "$TIME"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (sh scripts/install-deps.sh)" >&2; exit 2; }
done
[ -x "$BIN" ] || { echo "bench: build ./oncoboard first (make)" >&2; exit 2; }
mkdir -p "$OUT"

# ---- inputs ----
if [ ! -x "$OUT/gen" ] || [ bench/gen.c -nt "$OUT/gen" ]; then
    cc -std=c11 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -o "$OUT/gen" bench/gen.c
fi
make_vcf() { # $1 records, $2 file
    [ -s "$2" ] && return
    echo "bench: generating $2" >&2
    "$OUT/gen" vcf "$VCF_SRC" "$1" "$SEED" | bgzip -c >"$2.tmp"
    mv "$2.tmp" "$2"
}
make_maf() { # $1 rows, $2 file
    [ -s "$2" ] && return
    echo "bench: generating $2" >&2
    "$OUT/gen" maf "$MAF_SRC" "$1" "$SEED" >"$2.tmp"
    mv "$2.tmp" "$2"
}
VCF_1M="$OUT/bench_1m.vcf.gz"
VCF_100K="$OUT/bench_100k.vcf.gz"
MAF_1M="$OUT/bench_1m.maf"
make_vcf 1000000 "$VCF_1M"
make_vcf 100000 "$VCF_100K"
make_maf 1000000 "$MAF_1M"

# The generated VCF keeps the source's two sample columns; the first is the tumor.
TUMOR=$(bcftools query -l "$VCF_1M" | head -1)

# ---- measuring ----
# run LABEL CMD...: one run; appends "seconds max_rss_kb exit_status cpu_seconds" to
# $OUT/LABEL.times. Wall time from date (ns); peak memory and CPU time (user + system) from
# /usr/bin/time -v. The CPU time is the figure to trust when other work shares the machine.
run() {
    label=$1
    shift
    t0=$(date +%s%N)
    set +e
    "$TIME" -v -o "$OUT/time.log" "$@" >/dev/null 2>"$OUT/$label.stderr"
    rc=$?
    set -e
    t1=$(date +%s%N)
    rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/time.log")
    cpu=$(awk -F': ' '/User time|System time/{t += $2} END {print t + 0}' "$OUT/time.log")
    echo "$(( (t1 - t0) / 1000 )) ${rss:-0} $rc $cpu" | awk '{printf "%.3f %d %d %.2f\n", $1 / 1e6, $2, $3, $4}' >>"$OUT/$label.times"
}
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$OUT/$1.times"; }
failed() { awk '$3 != 0 {bad = 1} END {exit !bad}' "$OUT/$1.times"; }

rm -f "$OUT"/*.times
i=0
while [ $i -lt "$RUNS" ]; do
    run onc_vcf_1m "$BIN" profile --tumor-sample "$TUMOR" "$VCF_1M"
    run bcf_vcf_1m bcftools view -Ou -o /dev/null "$VCF_1M"
    run bcf_text_1m bcftools view -Ov -o /dev/null "$VCF_1M" # context: bcftools writing text too
    run onc_vcf_100k "$BIN" profile --tumor-sample "$TUMOR" "$VCF_100K"
    run onc_maf_1m "$BIN" profile "$MAF_1M"
    i=$((i + 1))
done

# ---- figures ----
# Issue 3: one report (JSON) including the knowledge-base load, and `annotate` over the MAF.
REPORT_CASE=examples/cases/SYN-EGFR-01.json
i=0
while [ $i -lt 50 ]; do
    s0=$(date +%s%N)
    "$BIN" report --no-version "$REPORT_CASE" >/dev/null
    s1=$(date +%s%N)
    echo $(((s1 - s0) / 1000))
    i=$((i + 1))
done >"$OUT/report.times"
report_ms=$(median <"$OUT/report.times" | awk '{printf "%.1f", $1 / 1000}')
i=0
while [ $i -lt "$RUNS" ]; do
    $TIME -f "%e %M %x %U %S" -o "$OUT/ann.one" "$BIN" annotate --no-version --tumor-type LUSC "$MAF_1M" >/dev/null 2>&1 || true
    awk '{printf "%s %s %s %.2f\n", $1, $2, $3, $4 + $5}' "$OUT/ann.one"
    i=$((i + 1))
done >"$OUT/onc_annotate_1m.times"
ann=$(col onc_annotate_1m 1 | median)
ann_rate=$(awk -v s="$ann" 'BEGIN {printf "%.0f", 1000000 / s}')
v_ann=$(awk -v r="$ann_rate" 'BEGIN {print (r >= 200000 ? "met" : "NOT met")}')
v_report=$(awk -v m="$report_ms" 'BEGIN {print (m < 20 ? "met" : "NOT met")}')

onc=$(col onc_vcf_1m 1 | median)
bcf=$(col bcf_vcf_1m 1 | median)
bcf_text=$(col bcf_text_1m 1 | median)
onc_cpu=$(col onc_vcf_1m 4 | median)
bcf_cpu=$(col bcf_vcf_1m 4 | median)
maf_cpu=$(col onc_maf_1m 4 | median)
ratio_cpu=$(awk -v a="$onc_cpu" -v b="$bcf_cpu" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
rate_cpu=$(awk -v t="$maf_cpu" 'BEGIN {printf "%.0f", (t > 0 ? 1000000 / t : 0)}')
load=$(cut -d' ' -f1-3 /proc/loadavg)
maf=$(col onc_maf_1m 1 | median)
rss_1m=$(col onc_vcf_1m 2 | sort -n | tail -1)
rss_100k=$(col onc_vcf_100k 2 | sort -n | tail -1)
rss_maf=$(col onc_maf_1m 2 | sort -n | tail -1)
ratio=$(awk -v a="$onc" -v b="$bcf" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
rate=$(awk -v t="$maf" 'BEGIN {printf "%.0f", (t > 0 ? 1000000 / t : 0)}')
vcf_rate=$(awk -v t="$onc" 'BEGIN {printf "%.0f", (t > 0 ? 1000000 / t : 0)}')
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
verdict() { if awk "BEGIN {exit !($1)}"; then echo met; else echo "NOT met"; fi; }
status_note() { # label: "" or the failure
    if failed "$1"; then echo " (FAILED: exit $(awk '$3 {print $3; exit}' "$OUT/$1.times"): $(head -1 "$OUT/$1.stderr"))"; fi
}
v_ratio=$(verdict "$ratio <= 2.0 && $ratio > 0")
v_mem=$(verdict "$rss_1m <= 65536 && $rss_100k <= 65536 && $rss_1m <= $rss_100k * 1.25 + 4096")
v_maf=$(verdict "$rate >= 200000")
for l in onc_vcf_1m onc_vcf_100k onc_maf_1m; do
    failed "$l" && { v_ratio="not measurable"; }
done
failed onc_vcf_1m && v_mem="not measurable"
failed onc_maf_1m && v_maf="not measurable"

cpu=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
{
    echo "# Benchmarks"
    echo
    echo "Written by \`bench/run.sh\` (\`make bench\`); do not edit by hand. Reproduce with \`make bench\`"
    echo "(inputs are generated into bench/out/ from shared/data, seed $SEED; $RUNS runs each, medians)."
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs, $cpu, $(awk '/MemTotal/{printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
    echo "- oncoboard $($BIN --version 2>/dev/null | awk '{print $2}') ($(git rev-parse --short HEAD 2>/dev/null || echo unknown)), $(bcftools --version | head -1)"
    echo "- Inputs: \`$VCF_1M\` ($(du -k "$VCF_1M" | cut -f1) KiB, 1,000,000 records), \`$VCF_100K\` (100,000 records),"
    echo "  \`$MAF_1M\` ($(du -k "$MAF_1M" | cut -f1) KiB, 1,000,000 rows, $(awk -F'\t' '!/^#/{print NF; exit}' "$MAF_1M") columns)"
    echo
    echo "- Load average when the runs ended: $load (2 CPUs shared with other work: wall times vary"
    echo "  with it; the CPU times, user + system, much less)"
    echo
    echo "| measurement | median wall time | median CPU time | target | verdict (wall) |"
    echo "|---|---|---|---|---|"
    echo "| \`oncoboard profile\` 1M-record VCF.gz | $onc s ($vcf_rate records/s)$(status_note onc_vcf_1m) | $onc_cpu s | | |"
    echo "| \`bcftools view -Ou -o /dev/null\` same file | $bcf s | $bcf_cpu s | | |"
    echo "| time ratio oncoboard / bcftools | $ratio | $ratio_cpu | <= 2.0 | $v_ratio |"
    echo "| context: \`bcftools view -Ov -o /dev/null\` (text out, as oncoboard writes) | $bcf_text s | | | |"
    echo "| peak memory, 100k-record VCF | $(mb "$rss_100k") MB$(status_note onc_vcf_100k) | | <= 64 MB | |"
    echo "| peak memory, 1M-record VCF | $(mb "$rss_1m") MB | | <= 64 MB, flat in size | $v_mem |"
    echo "| \`oncoboard profile\` 1M-row MAF | $maf s, $rate rows/s, peak $(mb "$rss_maf") MB$(status_note onc_maf_1m) | $maf_cpu s, $rate_cpu rows/s | >= 200,000 rows/s | $v_maf |"
    echo "| \`oncoboard annotate\` same MAF (built-in knowledge base, LUSC) | $ann s, $ann_rate rows/s | | >= 200,000 rows/s | $v_ann |"
    echo "| \`oncoboard report\` $REPORT_CASE (JSON, knowledge base loaded; 50 runs) | $report_ms ms | | < 20 ms | $v_report |"
    echo
    echo "Each run's wall time (s), maximum RSS (KiB), exit status and CPU time (s):"
    echo
    for l in onc_vcf_1m bcf_vcf_1m bcf_text_1m onc_vcf_100k onc_maf_1m onc_annotate_1m; do
        echo "- $l: $(awk '{printf "%s%s/%s/%s/%s", (NR > 1 ? ", " : ""), $1, $2, $3, $4}' "$OUT/$l.times")"
    done
    echo
    echo "## The other benchmarks"
    echo
    echo "Each has its own target and document, against the peer its issue names, in the same run:"
    echo
    echo "- trial matching (issue 4): \`make bench-match\`, docs/benchmarks-match.md;"
    echo "- the registry (issue 5): \`make bench-registry\`, docs/benchmarks-registry.md;"
    echo "- the web server under load (issue 6): \`make bench-server\`, docs/benchmarks-server.md;"
    echo "- biomarker statistics against R (issue 7): \`make bench-stats\`, docs/benchmarks-stats.md;"
    echo "- dose-finding designs (issue 8): \`make bench-design\`, docs/benchmarks-design.md."
    if [ -f bench/NOTES.md ]; then
        echo
        cat bench/NOTES.md
    fi
} >docs/benchmarks.md

echo "VCF 1M: oncoboard $onc s, bcftools $bcf s, ratio $ratio (<= 2.0: $v_ratio); CPU time ratio $ratio_cpu"
echo "Peak memory: 100k $(mb "$rss_100k") MB, 1M $(mb "$rss_1m") MB (<= 64 MB, flat: $v_mem)"
echo "MAF 1M: $maf s, $rate rows/s (>= 200,000: $v_maf); $rate_cpu rows per CPU second"
echo "annotate 1M: $ann s, $ann_rate rows/s (>= 200,000: $v_ann); report: $report_ms ms (< 20 ms: $v_report)"
echo "Wrote docs/benchmarks.md"
