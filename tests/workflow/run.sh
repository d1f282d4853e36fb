#!/bin/sh
# tests/workflow/run.sh: runs workflow/Snakefile locally (snakemake --cores 2, in a temporary
# folder) over the test cohort of tests/workflow/samples.tsv (the repository's synthetic
# examples), plus four samples of ../shared/data/cohorts/nsclc_pd1_msk_2018 when it is present,
# and checks what it wrote. Prints "ok|not ok|skip NAME" lines, as the unit programs do
# (tests/run.sh counts them). Needs ./oncoboard built, snakemake and python3.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${ONCOBOARD_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
ONC="$ROOT/oncoboard"
if ! command -v snakemake >/dev/null 2>&1; then
    echo "skip workflow # snakemake is not installed (Debian package snakemake; scripts/install-deps.sh installs it unless ONCOBOARD_SNAKEMAKE=0)"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DATE=2026-03-01

ok() { echo "ok workflow/$1"; }
notok() { echo "not ok workflow/$1"; }
check() { # $1 name, rest: command
    name=$1; shift
    if "$@" >"$TMP/check.out" 2>&1; then ok "$name"; else notok "$name"; sed 's/^/    /' "$TMP/check.out" | head -20; fi
}

# The sheet, with the examples' paths made absolute so that it can live in $TMP.
sed "s|\.\./\.\./|$ROOT/|g" "$ROOT/tests/workflow/samples.tsv" >"$TMP/samples.tsv"
TABLES="$ROOT/examples/lab/P002.maf, $ROOT/examples/lab/P003_cna.tsv, $ROOT/examples/lab/P003_fusions.tsv, $ROOT/examples/cases/SYN-KRAS-01_panel.maf, $ROOT/examples/cases/SYN-ALK-01_rna_fusions.tsv"
MSK="$SHARED/cohorts/nsclc_pd1_msk_2018"
SHARED_IDS=""
if [ -f "$MSK/data_mutations.txt" ] && [ -f "$MSK/data_cna.txt" ]; then
    # KRAS G12C, EGFR L858R, MET amplification (CNA 2) alone, EGFR S768_D770dup (exon 20).
    for s in P-0005975-T01-IM5 P-0004232-T01-IM5 P-0003119-T01-IM5 P-0004279-T01-IM5; do
        printf '%s\t%s\t\t%s,%s\t\tLUAD\n' "$s" "${s%-T0*}" "$MSK/data_mutations.txt" \
            "$MSK/data_cna.txt" >>"$TMP/samples.tsv"
        SHARED_IDS="$SHARED_IDS $s"
    done
    TABLES="$TABLES, $MSK/data_mutations.txt, $MSK/data_cna.txt"
else
    echo "skip workflow/shared-cohort # needs $MSK"
fi
cat >"$TMP/config.yaml" <<EOC
samples: $TMP/samples.tsv
oncoboard: $ONC
trials: $ROOT/trials
comparison_date: "$DATE"
cohort_tables: [$TABLES]
study: {id: onc_test, name: oncoboard workflow test, type_of_cancer: nsclc}
EOC

check run snakemake -q -s "$ROOT/workflow/Snakefile" --configfile "$TMP/config.yaml" \
    --directory "$TMP/out" --cores 2
OUT="$TMP/out"
IDS=$(grep -v '^#' "$TMP/samples.tsv" | tail -n +2 | cut -f1 | sort)

per_sample() {
    for s in $IDS; do
        for f in "profile/$s.tsv" "report/$s.json" "report/$s.html" "match/$s.tsv"; do
            [ -s "$OUT/$f" ] || { echo "missing $f"; return 1; }
        done
    done
    n=$(ls "$OUT/report" | grep -c '\.json$')
    [ "$n" -eq "$(echo "$IDS" | wc -w)" ] || { echo "$n reports for $(echo "$IDS" | wc -w) samples"; return 1; }
}
check one-output-per-sample per_sample

# The summary's groups and eligible trials against oncoboard run directly on each case.
direct() {
    for s in $IDS; do
        case_file=$(awk -F'\t' -v s="$s" '$1 == s { print $3 }' "$TMP/samples.tsv")
        [ -n "$case_file" ] || case_file="$OUT/cases/$s/$s.json"
        tt=$(awk -F'\t' -v s="$s" '$1 == s { print $6 }' "$TMP/samples.tsv")
        "$ONC" report ${tt:+--tumor-type "$tt"} --comparison-date $DATE "$case_file" 2>/dev/null |
            python3 -c 'import json,sys; print((json.load(sys.stdin).get("molecular_group") or {}).get("id",""))' >"$TMP/group" || return 1
        "$ONC" match --trials "$ROOT/trials" --case "$case_file" --comparison-date $DATE 2>/dev/null |
            awk -F'\t' 'NR > 1 && $7 == "eligible" && !seen[$2]++ { printf "%s%s", (n++ ? ";" : ""), $2 } END { print "" }' >"$TMP/trials"
        printf '%s\t%s\t%s\n' "$s" "$(cat "$TMP/group")" "$(cat "$TMP/trials")"
    done | sort >"$TMP/direct.tsv"
    awk -F'\t' 'NR > 1 { print $1 "\t" $4 "\t" $7 }' "$OUT/summary.tsv" | sort >"$TMP/summary.cut"
    diff "$TMP/direct.tsv" "$TMP/summary.cut"
}
check summary-equals-direct-runs direct

# Expected groups, read by hand from the inputs: P001's VCF has EGFR L858R (chr7:55191822 T>G),
# P002's MAF KRAS G12C, P003's fusion table EML4-ALK; SYN-KRAS-01 is the KRAS G12C case;
# only SYN-KRAS-01 (open KRAS G12C trial NCT06497556, every criterion known) is eligible.
expected() {
    want="P001	EGFR_COMMON
P002	KRAS_G12C
P003	ALK_FUSION
SYN-ALK-01	ALK_FUSION
SYN-EGFR-01	EGFR_COMMON
SYN-KRAS-01	KRAS_G12C"
    if [ -n "$SHARED_IDS" ]; then
        # nsclc_pd1_msk_2018: data_mutations.txt KRAS p.G12C, EGFR p.L858R, EGFR p.S768_D770dup;
        # data_cna.txt MET 2, an amplification without copies: kb/groups.yaml's MET_AMP needs
        # >= 10 copies, and the sample has no other driver (TP53, PIK3CA M983I ...): NO_DRIVER.
        want="$want
P-0004232-T01-IM5	EGFR_COMMON
P-0004279-T01-IM5	EGFR_EX20INS
P-0005975-T01-IM5	KRAS_G12C
P-0003119-T01-IM5	NO_DRIVER"
    fi
    echo "$want" | sort >"$TMP/want"
    awk -F'\t' 'NR > 1 { print $1 "\t" $4 }' "$OUT/summary.tsv" | sort | diff "$TMP/want" - || return 1
    awk -F'\t' '$7 != "" { print $1 "\t" $7 }' "$OUT/summary.tsv" | tail -n +2 |
        diff - "$ROOT/tests/workflow/expected_eligible.tsv"
}
check summary-expected-groups expected

# Two code paths, one answer: `oncoboard annotate --samples` classifies each sample of the
# cohort tables from its rows; the reports classify the same samples from their case files.
# Every sample of the cohort that annotate names is given by the same tables in the sheet (or,
# SYN-KRAS-01 and SYN-ALK-01, by case files whose typed entries do not change the group).
annotate_agrees() {
    python3 - "$TMP/samples.tsv" "$OUT/annotate/samples.tsv" "$OUT/summary.tsv" <<'EOP'
import csv, sys
def rows(p):
    return list(csv.DictReader((l for l in open(p) if not l.startswith("#")), delimiter="\t"))
barcode = {r["sample"]: r["lab_sample"] or r["sample"] for r in rows(sys.argv[1])}
# NOT_ASSESSABLE: a sample of annotate's --clinical table that no cohort table mentions.
annotated = {r["sample"]: r["molecular_group"] for r in rows(sys.argv[2])
             if r["molecular_group"] != "NOT_ASSESSABLE"}
bad = [(r["sample"], r["molecular_group"], annotated[barcode[r["sample"]]])
       for r in rows(sys.argv[3]) if barcode[r["sample"]] in annotated
       and annotated[barcode[r["sample"]]] != r["molecular_group"]]
checked = sum(1 for s in barcode.values() if s in annotated)
print(f"{checked} samples compared; report vs annotate differ: {bad}")
sys.exit(1 if bad or checked < 4 else 0)
EOP
}
check annotate-agrees-with-reports annotate_agrees

# cBioPortal: the files, and the same sample ids everywhere.
cbio() {
    d="$OUT/cbioportal/onc_test"
    for f in meta_study.txt meta_clinical_sample.txt data_clinical_sample.txt \
        meta_clinical_patient.txt data_clinical_patient.txt case_lists/cases_all.txt \
        meta_mutations.txt data_mutations.txt case_lists/cases_sequenced.txt \
        meta_cna.txt data_cna.txt case_lists/cases_cna.txt \
        meta_sv.txt data_sv.txt case_lists/cases_sv.txt; do
        [ -s "$d/$f" ] || { echo "missing $f"; return 1; }
    done
    for k in type_of_cancer cancer_study_identifier name description; do
        grep -q "^$k: " "$d/meta_study.txt" || { echo "meta_study.txt lacks $k"; return 1; }
    done
    [ "$(grep -c '^#' "$d/data_clinical_sample.txt")" -eq 4 ] || { echo "clinical header lines"; return 1; }
    grep -v '^#' "$d/data_clinical_sample.txt" | tail -n +2 | cut -f2 | sort >"$TMP/clin"
    echo "$IDS" | tr ' ' '\n' | grep . | sort | diff - "$TMP/clin" || return 1
    grep '^case_list_ids: ' "$d/case_lists/cases_all.txt" | cut -d' ' -f2- | tr '\t' '\n' | sort |
        diff "$TMP/clin" - || return 1
    # Samples of the mutation and CNA data: clinical samples, each listed in its case list.
    col=$(head -1 "$d/data_mutations.txt" | tr '\t' '\n' | grep -n '^Tumor_Sample_Barcode$' | cut -d: -f1)
    tail -n +2 "$d/data_mutations.txt" | cut -f"$col" | sort -u >"$TMP/mut"
    comm -23 "$TMP/mut" "$TMP/clin" | grep . && { echo "mutation samples not in the clinical file"; return 1; }
    grep '^case_list_ids: ' "$d/case_lists/cases_sequenced.txt" | cut -d' ' -f2- | tr '\t' '\n' | sort |
        diff "$TMP/mut" - || return 1
    head -1 "$d/data_cna.txt" | tr '\t' '\n' | tail -n +2 | sort >"$TMP/cna"
    comm -23 "$TMP/cna" "$TMP/clin" | grep . && { echo "CNA samples not in the clinical file"; return 1; }
    # Fusions: P003_fusions.tsv (P003) and SYN-ALK-01_rna_fusions.tsv (LAB-AL-0093, the
    # sheet's lab_sample of SYN-ALK-01), both EML4-ALK.
    printf 'P003\tEML4\tALK\nSYN-ALK-01\tEML4\tALK\n' >"$TMP/sv.want"
    tail -n +2 "$d/data_sv.txt" | cut -f1-3 | sort | diff "$TMP/sv.want" - || return 1
    cut -f1 "$TMP/sv.want" >"$TMP/sv.ids"
    grep '^case_list_ids: ' "$d/case_lists/cases_sv.txt" | cut -d' ' -f2- | tr '\t' '\n' |
        diff "$TMP/sv.ids" - || return 1
    # P004 (MET amplification in P003_cna.tsv) is not in the sheet: nowhere in the study.
    grep -rq 'P004' "$d" && { echo "P004 leaked into the study"; return 1; }
    # Hand-checked rows: P002's KRAS G12C (P002.maf) annotated Oncogenic; P003's CDKN2A
    # Deletion (P003_cna.tsv) is -2 (cBioPortal's deep deletion).
    awk -F'\t' -v c="$col" '$1 == "KRAS" && $c == "P002" && /\tp\.G12C\t/ && /\tOncogenic\t/' \
        "$d/data_mutations.txt" | grep -q . || { echo "P002 KRAS G12C row"; return 1; }
    p3=$(head -1 "$d/data_cna.txt" | tr '\t' '\n' | grep -n '^P003$' | cut -d: -f1)
    [ "$(awk -F'\t' -v c="$p3" '$1 == "CDKN2A" { print $c }' "$d/data_cna.txt")" = -2 ] ||
        { echo "P003 CDKN2A is not -2"; return 1; }
}
check cbioportal-folder cbio

# The cohort-wide table was cut to the sample's rows: P003's case does not carry P004's call.
check case-from-lab-files sh -c "! cat '$OUT'/split/*/P003.tsv | grep -q P004 && cat '$OUT'/split/*/P003.tsv | grep -q CDKN2A && grep -q '/P003.tsv' '$OUT/cases/P003/P003.json'"

# A second run has nothing to do.
check rerun-nothing-to-do sh -c "snakemake -n -s '$ROOT/workflow/Snakefile' --configfile '$TMP/config.yaml' --directory '$OUT' 2>&1 | grep -q 'Nothing to be done'"
# Gathering into the registry (rule registry): every sample's case imported into a registry,
# which then gives back each sample's molecular group as the file's report gave it, with an
# intact audit log; forcing the rule again replaces the patients instead of refusing them. On
# SQLite always, on PostgreSQL when tests/run.sh started the test cluster ($ONCOBOARD_TEST_PG).
# Every patient id is the sample's here: the sheet's case files carry their sample's name.
registry_gather() { # $1 name, $2 registry URL
    cp "$TMP/config.yaml" "$TMP/config_$1.yaml"
    printf 'registry: {enabled: true, url: "%s", audit_key: "%s", audit_checkpoints: "%s"}\n' \
        "$2" "$TMP/$1.key" "$TMP/$1.ckpt" >>"$TMP/config_$1.yaml"
    n=$(echo "$IDS" | wc -w)
    snakemake -q -s "$ROOT/workflow/Snakefile" --configfile "$TMP/config_$1.yaml" --directory "$OUT" \
        --cores 2 || { cat "$OUT/logs/registry.log"; return 1; }
    grep -q "^imported $n patients ($n new, 0 replaced)" "$OUT/registry/imported" || { cat "$OUT/registry/imported"; return 1; }
    export ONCOBOARD_AUDIT_KEY="$TMP/$1.key" ONCOBOARD_AUDIT_CHECKPOINTS="$TMP/$1.ckpt"
    [ "$("$ONC" db info --db "$2" | awk -F'\t' '$1 == "rows.patients" {print $2}')" = "$n" ] || return 1
    for s in $IDS; do
        want=$(awk -F'\t' -v s="$s" '$1 == s {print $4}' "$OUT/summary.tsv")
        got=$("$ONC" report --db "$2" --patient "$s" --comparison-date $DATE --format json 2>/dev/null |
            python3 -c 'import json,sys; print((json.load(sys.stdin).get("molecular_group") or {}).get("id",""))')
        [ "$got" = "$want" ] || { echo "$s: the registry's group is '$got', the report's '$want'"; return 1; }
    done
    "$ONC" audit verify --db "$2" >/dev/null || return 1
    snakemake -q -R registry -s "$ROOT/workflow/Snakefile" --configfile "$TMP/config_$1.yaml" \
        --directory "$OUT" --cores 2 || { cat "$OUT/logs/registry.log"; return 1; }
    grep -q "^imported $n patients (0 new, $n replaced)" "$OUT/registry/imported" || { cat "$OUT/registry/imported"; return 1; }
    rm -rf "$OUT/registry"
}
check registry-sqlite registry_gather sqlite "sqlite:$TMP/registry.db"
if [ -n "${ONCOBOARD_TEST_PG:-}" ] && command -v psql >/dev/null 2>&1; then
    PGDB="onc_wf_$$"
    if psql -X -q "$ONCOBOARD_TEST_PG" -c "CREATE DATABASE $PGDB" >/dev/null 2>&1; then
        PGURL=$(echo "$ONCOBOARD_TEST_PG" | sed "s|^\(postgres[a-z]*://[^/]*/\)[^?]*|\1$PGDB|")
        check registry-postgresql registry_gather pg "$PGURL"
        psql -X -q "$ONCOBOARD_TEST_PG" -c "DROP DATABASE $PGDB" >/dev/null 2>&1
    else
        notok registry-postgresql
        echo "    cannot create database $PGDB through \$ONCOBOARD_TEST_PG"
    fi
else
    echo "skip workflow/registry-postgresql # no PostgreSQL: \$ONCOBOARD_TEST_PG is not set (tests/run.sh starts a cluster when the server is installed) or psql is missing"
fi

# The Slurm profile parses and yields its jobs (dry run: nothing is submitted): the samples'
# steps grouped (the cohort's 6 or 10 samples fit in one group of 50), gather on its own.
check slurm-profile-dry-run sh -c "rm -rf '$OUT/summary.tsv' '$OUT/report' && snakemake -n --profile '$ROOT/workflow/profiles/slurm' -s '$ROOT/workflow/Snakefile' --configfile '$TMP/config.yaml' --directory '$OUT' >'$TMP/slurm.log' 2>&1 && [ \$(grep -c 'group job sample' '$TMP/slurm.log') -eq 1 ] && grep -q 'rule gather' '$TMP/slurm.log'"
