#!/bin/sh
# make demo: the main job on the bundled, synthetic examples (examples/lab, examples/cases):
# lab files read into alterations, the molecular tumor board report of the example cases with the
# trials of the example portfolio (trials/), the patients for one trial, the registry, and a
# phase I decision table.
set -eu
cd "$(dirname "$0")/.."
echo "== oncoboard profile: the example lab files, one row per alteration (some columns) =="
./oncoboard profile examples/lab/P001_tumor.vcf examples/lab/P002.maf examples/lab/P003_fusions.tsv \
    examples/lab/P003_cna.tsv | cut -f1-4,7-10,14-17
echo
echo "== oncoboard kb lookup EGFR L858R --tumor-type LUAD (first lines) =="
./oncoboard kb lookup EGFR L858R --tumor-type LUAD | head -12
echo
out=build/demo
mkdir -p "$out"
for c in SYN-EGFR-01 SYN-ALK-01 SYN-KRAS-01; do
    ./oncoboard report examples/cases/$c.json --trials trials --format html -o "$out/$c.html"
    ./oncoboard report examples/cases/$c.json --format json -o "$out/$c.json"
done
echo "== oncoboard report: the molecular tumor board report of the example cases =="
for c in SYN-EGFR-01 SYN-ALK-01 SYN-KRAS-01; do
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); g=r["molecular_group"]; print("%-12s %-14s %s" % (r["case_id"], g["id"], ", ".join(g.get("evidence") or [])))' "$out/$c.json" 2>/dev/null ||
        grep -m1 '"id"' "$out/$c.json"
done
echo
echo "== oncoboard match: the example cases against the example portfolio (trials/), with --all =="
./oncoboard match --trials trials --case examples/cases --all | cut -f1,2,4,5,7,9-11 | head -12
echo "   ..."
echo
echo "== oncoboard trials validate trials: what a curator must still check =="
./oncoboard trials validate trials || true
echo
echo "== the registry: the example cases imported into an SQLite registry, read back, audited =="
db="sqlite:$out/registry.db"
rm -f "$out"/registry.db*
./oncoboard db init --db "$db"
./oncoboard db import --db "$db" examples/cases
./oncoboard db trials load --db "$db" trials 2>/dev/null
./oncoboard report --db "$db" --patient SYN-KRAS-01 --trials trials --format md | sed -n '/^## Clinical trials/,/^## Warnings/p' | head -6
echo "-- db match: the registry against its own portfolio, incrementally (a second run has nothing to do)"
./oncoboard db match --db "$db" --comparison-date 2026-11-29
./oncoboard db match --db "$db" --comparison-date 2026-11-29
./oncoboard match --db "$db" --comparison-date 2026-11-29 | cut -f1,2,4,7,9,10
echo "-- db accrual: per trial and month (the rows with something in them)"
./oncoboard db accrual --db "$db" | awk -F'\t' 'NR == 1 || $3 + $4 + $5 + $6 + $7 + $8 > 0' 
./oncoboard audit verify --db "$db"
echo
echo "== oncoboard design: a phase I protocol's BOIN decision table (target DLT rate 0.3) =="
./oncoboard design boin table --target 0.3 --max-n 12 --cohort-size 3 --format md
echo
echo "HTML reports, with their trials section (open in a browser, print on A4):"
for c in SYN-EGFR-01 SYN-ALK-01 SYN-KRAS-01; do echo "  $(pwd)/$out/$c.html"; done
