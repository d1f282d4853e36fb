#!/bin/sh
# bench/design.sh: what `make bench-design` runs (issue 8). Writes docs/benchmarks-design.md.
#
#   BOIN: 10,000 simulated trials, 5 doses, 10 cohorts of 3 (target <= 0.2 s on one core).
#   BOIN12: 10,000 simulated trials, 5 doses, 10 cohorts of 3 (no target in issue 8).
#   CRM: 4,000 simulated trials, 6 doses, 24 patients one by one (target <= 0.5 s).
#   3+3: the exact operating characteristics of 6 doses (target <= 10 ms).
#   BOIN-comb: 10,000 simulated trials on a 3 x 5 grid, 20 cohorts of 3 (no target in issue 8).
# Each runs BENCH_RUNS times (default 5) on one thread; the medians of the CPU time (user +
# system, /usr/bin/time) and of the wall time are reported, so that a machine shared with other
# work still gives a meaningful CPU figure. The peers (the R packages BOIN and dfcrm) are not in
# Debian's archive and cannot be installed here, so there is no same-run ratio against them.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${BENCH_RUNS:-5}
BIN=./oncoboard
TIME=/usr/bin/time
[ -x "$BIN" ] || { echo "bench: run make first" >&2; exit 2; }
OUT=bench/out/design
mkdir -p "$OUT"
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# run NAME ARGS...: the medians "cpu wall" of RUNS runs of oncoboard ARGS.
run() {
    name=$1
    shift
    : > "$OUT/$name.times"
    i=0
    while [ $i -lt "$RUNS" ]; do
        $TIME -f "%U %S %e" -o "$OUT/$name.t" "$BIN" "$@" --seed $((i + 1)) > /dev/null 2>&1
        awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$OUT/$name.t" >> "$OUT/$name.times"
        i=$((i + 1))
    done
    cpu=$(cut -d' ' -f1 "$OUT/$name.times" | median)
    wall=$(cut -d' ' -f2 "$OUT/$name.times" | median)
    echo "$cpu $wall"
}

boin=$(run boin design boin simulate --target 0.3 --truth 0.05,0.15,0.30,0.45,0.60 --cohorts 10 --cohort-size 3 --trials 10000)
crm=$(run crm design crm simulate --target 0.2 --skeleton 0.05,0.10,0.20,0.35,0.50,0.70 \
    --truth 0.10,0.20,0.40,0.50,0.60,0.65 --max-n 24 --cohort-size 1 --start 3 --trials 4000)
boin12=$(run boin12 design boin12 simulate --target 0.35 --efficacy 0.25 --truth 0.03,0.17,0.35,0.50,0.65 \
    --truth-eff 0.12,0.39,0.43,0.55,0.65 --cohorts 10 --cohort-size 3 --trials 10000)
I24=1,1,1,2,2,2,3,3,3,4,4,4,5,5,5,6,6,6,6,6,6,6,6,6
crm_mle=$(run crm_mle design crm simulate --target 0.2 --skeleton 0.05,0.10,0.20,0.35,0.50,0.70 \
    --truth 0.10,0.20,0.40,0.50,0.60,0.65 --max-n 24 --cohort-size 1 --method mle --initial $I24 --trials 4000)
tite=$(run tite design crm simulate --target 0.2 --skeleton 0.05,0.10,0.20,0.35,0.50,0.70 \
    --truth 0.10,0.20,0.40,0.50,0.60,0.65 --max-n 24 --start 3 --tite --accrual 0.5 --dlt-window 6 --trials 4000)
tpt=$(run tpt design 3+3 simulate --truth 0.05,0.10,0.20,0.30,0.45,0.60 --exact --variant B)
comb=$(run comb design boin-comb simulate --target 0.3 --cohorts 20 --cohort-size 3 --n-earlystop 12 --trials 10000 \
    --truth '0.01,0.03,0.10,0.20,0.30;0.03,0.05,0.15,0.30,0.60;0.08,0.10,0.30,0.60,0.75')

{
    echo "# Dose-finding benchmarks"
    echo
    echo "Made by \`make bench-design\` (bench/design.sh) on $(date -u +%Y-%m-%d), $(nproc) cores,"
    echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1 /proc/loadavg)"
    echo "when it ran. Medians of $RUNS runs, one thread; CPU = user + system time of the whole command"
    echo "(start-up included). The R packages BOIN and dfcrm, the peers named in issue 8, are not in"
    echo "Debian's archive, so no same-run ratio against them could be measured."
    echo
    echo "| what | command | CPU s | wall s | issue 8's target |"
    echo "|---|---|---|---|---|"
    echo "| BOIN, 10,000 trials, 5 doses, 10 cohorts of 3 | \`design boin simulate --trials 10000\` | $(echo "$boin" | cut -d' ' -f1) | $(echo "$boin" | cut -d' ' -f2) | 0.2 s on one core |"
    echo "| BOIN12, 10,000 trials, 5 doses, 10 cohorts of 3 | \`design boin12 simulate --trials 10000\` | $(echo "$boin12" | cut -d' ' -f1) | $(echo "$boin12" | cut -d' ' -f2) | none (BOIN's 0.2 s for comparison) |"
    echo "| CRM, 4,000 trials, 6 doses, 24 patients | \`design crm simulate --trials 4000\` | $(echo "$crm" | cut -d' ' -f1) | $(echo "$crm" | cut -d' ' -f2) | 0.5 s |"
    echo "| two-stage CRM by maximum likelihood, 4,000 trials, 24 patients | \`design crm simulate --method mle --initial ...\` | $(echo "$crm_mle" | cut -d' ' -f1) | $(echo "$crm_mle" | cut -d' ' -f2) | - |"
    echo "| TITE-CRM, 4,000 trials, 24 patients arriving one by one | \`design crm simulate --tite --accrual 0.5 --dlt-window 6\` | $(echo "$tite" | cut -d' ' -f1) | $(echo "$tite" | cut -d' ' -f2) | - |"
    echo "| BOIN-comb, 10,000 trials, 3 x 5 grid, 20 cohorts of 3 | \`design boin-comb simulate --trials 10000\` | $(echo "$comb" | cut -d' ' -f1) | $(echo "$comb" | cut -d' ' -f2) | none set (BOIN's get.oc.comb is R code) |"
    echo "| 3+3, exact, 6 doses | \`design 3+3 simulate --exact\` | $(echo "$tpt" | cut -d' ' -f1) | $(echo "$tpt" | cut -d' ' -f2) | 10 ms (the enumeration itself takes about 0.06 ms; the rest is the program's start) |"
} > docs/benchmarks-design.md
cat docs/benchmarks-design.md
