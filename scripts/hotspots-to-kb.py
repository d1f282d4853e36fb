#!/usr/bin/env python3
"""hotspots-to-kb.py: derive kb/hotspots.tsv from the cancerhotspots.org v2 tables.

The knowledge base uses recurrent residues to call a variant that no entry names Likely
Oncogenic (OncoKB's rule for statistically significant hotspots, knowledge-base.md 1.7). Only
the genes the knowledge base curates and the genes of lung-cancer panels are kept, one row per
residue (or indel range), with the residue's mutation count, its count in lung tumours and the
variant amino acids seen there.

Usage: scripts/hotspots-to-kb.py [HOTSPOTS_DIR] > kb/hotspots.tsv
HOTSPOTS_DIR holds cancerhotspots_v2_SNV_compact.tsv and cancerhotspots_v2_INDEL_compact.tsv
(default ../shared/data/hotspots, see its README). The output is deterministic: rows sorted by
gene, then start position, then residue.
"""
import csv
import hashlib
import os
import sys

# Genes of kb/genes.tsv: the knowledge base's genes and lung panels' genes. Keep in step.
GENES = """
AKT1 ALK ARID1A ATM BRAF BRCA1 BRCA2 CDKN2A CHEK2 CTNNB1 DDR2 EGFR ERBB2 ERBB3 ERBB4 FGFR1
FGFR2 FGFR3 HRAS IDH1 IDH2 KEAP1 KRAS MAP2K1 MET MLH1 MSH2 MSH6 MTOR NF1 NFE2L2 NRAS NRG1
NTRK1 NTRK2 NTRK3 PALB2 PIK3CA PMS2 POLE PTEN RB1 RBM10 RET RIT1 ROS1 SETD2 SMARCA4 STK11
TP53 U2AF1
""".split()

SNV_FILE = "cancerhotspots_v2_SNV_compact.tsv"
INDEL_FILE = "cancerhotspots_v2_INDEL_compact.tsv"

HEADER = """\
# hotspots.tsv: recurrent mutation residues (hotspots) of the knowledge base's genes.
# Source: cancerhotspots.org v2 (Chang MT et al. Accelerating discovery of functional mutant
#   alleles in cancer. Cancer Discov 2018;8:174-183, PMID 29247016), hotspots_v2.xlsx as
#   distributed by sigven/cancerHotspots data-raw (commit 0abbc3f6f043dd2b33be95e00a127bd1fe41cc4a),
#   sheets SNV-hotspots and INDEL-hotspots converted to TSV in the project's shared data.
# Licence: the cancerhotspots.org data are made available under the Open Database License
#   (ODbL) v1.0, https://opendatacommons.org/licenses/odbl/1-0/ (as the sigven/cancerHotspots
#   metadata states; see the shared data README). This file is a derived database under the
#   same licence; attribution: cancerhotspots.org, Chang et al. 2018.
# Written by scripts/hotspots-to-kb.py from {snv} (sha256 {snv_sha})
#   and {indel} (sha256 {indel_sha}); do not edit by hand.
# Kept: {ngenes} genes listed (the genes of kb/genes.tsv; those without a hotspot have no row),
#   {nrows} residues. Every row of the v2 tables carries judgement RETAIN. The variants column
#   is as published: it includes the synonymous changes counted at a residue (e.g. A750 A:2).
# Columns: gene; residue (OncoKB-style: L858 for a missense residue, X1010_splice for a splice
#   site, 745_759 for an indel range); kind (missense | splice | indel); start, end (protein
#   positions); count (mutations at the residue, all tumours); lung_count (mutations at the
#   residue in lung tumours, organ "lung", 0 when none); variants (variant amino acids, or for
#   indels the protein changes, with their counts, most frequent first); qvalue (the smallest
#   q-value the tables give for the residue).
"""


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def lung_count(organ_types):
    """The count of the "lung" organ in 'organ:total:count|...' (0 when lung is absent)."""
    for part in (organ_types or "").split("|"):
        fields = part.split(":")
        if len(fields) == 3 and fields[0] == "lung":
            return int(fields[2])
    return 0


def add_row(residues, row, key, name, kind, start, end):
    """Adds one table row (one variant of a residue) to the residue `key`."""
    if key not in residues:
        residues[key] = {"gene": row["Hugo_Symbol"], "residue": name, "kind": kind,
                         "start": start, "end": end, "count": int(row["Mutation_Count"]),
                         "lung": lung_count(row["Organ_Types"]), "variants": {},
                         "qvalue": float(row["qvalue"])}
    residue = residues[key]
    variant, count = row["Variant_Amino_Acid"].rsplit(":", 1)
    residue["variants"][variant] = residue["variants"].get(variant, 0) + int(count)
    residue["qvalue"] = min(residue["qvalue"], float(row["qvalue"]))


def snv_residues(rows):
    residues = {}
    for row in rows:
        gene, pos = row["Hugo_Symbol"], row["Amino_Acid_Position"]
        if gene not in GENES:
            continue
        ref = row["Reference_Amino_Acid"].split(":")[0]
        if ref == "splice":  # position already written X187_splice
            name, kind, start = pos, "splice", int(pos[1:].split("_")[0])
        else:
            name, kind, start = "%s%s" % (ref, pos), "missense", int(pos)
        add_row(residues, row, (gene, name), name, kind, start, start)
    return residues


def indel_residues(rows):
    residues = {}
    for row in rows:
        gene, pos = row["Hugo_Symbol"], row["Amino_Acid_Position"]
        if gene not in GENES:
            continue
        start, _, end = pos.partition("-")
        end = end or start
        name = "%s_%s" % (start, end) if end != start else start
        add_row(residues, row, (gene, "indel:" + name), name, "indel", int(start), int(end))
    return residues


def variants_text(variants):
    ordered = sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))
    return ",".join("%s:%d" % kv for kv in ordered)


def main(argv):
    src = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..",
                                                     "shared", "data", "hotspots")
    snv_path, indel_path = os.path.join(src, SNV_FILE), os.path.join(src, INDEL_FILE)
    residues = snv_residues(read_rows(snv_path))
    residues.update(indel_residues(read_rows(indel_path)))
    rows = sorted(residues.values(), key=lambda r: (r["gene"], r["start"], r["end"], r["residue"]))
    out = sys.stdout
    out.write(HEADER.format(snv=SNV_FILE, snv_sha=sha256(snv_path), indel=INDEL_FILE,
                            indel_sha=sha256(indel_path), ngenes=len(GENES), nrows=len(rows)))
    out.write("gene\tresidue\tkind\tstart\tend\tcount\tlung_count\tvariants\tqvalue\n")
    for r in rows:
        out.write("%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%.3g\n" % (
            r["gene"], r["residue"], r["kind"], r["start"], r["end"], r["count"], r["lung"],
            variants_text(r["variants"]), r["qvalue"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
