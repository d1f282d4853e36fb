#!/bin/sh
# make demo: profile the bundled example lab files (examples/lab, synthetic patients).
set -eu
cd "$(dirname "$0")/.."
echo "== oncoboard profile: every example lab file, one row per alteration =="
./oncoboard profile examples/lab/P001_tumor.vcf examples/lab/P002.maf examples/lab/P003_fusions.tsv \
    examples/lab/P003_cna.tsv | cut -f1-4,7-10,14-17
