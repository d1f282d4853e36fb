#!/usr/bin/env python3
"""The workflow's two steps that are not oncoboard commands (workflow/Snakefile).

  cohort.py case    a case file for a sample given by lab files; from a cohort-wide table only
                    the rows of the sample's lab barcode are kept (a case reads each referenced
                    file as one sample, docs/case-format.md "Sample names").
  cohort.py gather  the cohort summary TSV and the cBioPortal study folder, from the reports,
                    the match tables and the annotated cohort tables.

cBioPortal's formats follow https://docs.cbioportal.org/file-formats/ (meta files as
"key: value" lines; clinical files with four '#' header lines; case lists). Errors name the
file and line and exit with status 2, as oncoboard does.
"""
import argparse
import csv
import json
import os
import sys

SAMPLE_COLUMNS = ("Tumor_Sample_Barcode", "SAMPLE_ID", "Sample_Id", "sample")
CNA_VALUES = {"amplification": 2, "gain": 1, "loss": -1, "deletion": -2}


def die(msg):
    print(f"cohort.py: {msg}", file=sys.stderr)
    sys.exit(2)


def is_vcf(path):
    return path.endswith((".vcf", ".vcf.gz", ".bcf"))


def split_table(src, dst, lab_sample):
    """Copies src's comment lines, header and the rows of lab_sample to dst. A GISTIC matrix
    (Hugo_Symbol then one column per sample) keeps the gene columns and the sample's column.
    Returns the number of rows kept."""
    kept = 0
    with open(src, newline="") as f, open(dst, "w") as out:
        header = None
        keep_cols = None
        sample_col = None
        for n, line in enumerate(f, start=1):
            if line.startswith("#") or not line.strip():
                out.write(line)
                continue
            cells = line.rstrip("\r\n").split("\t")
            if header is None:
                header = cells
                sample_col = next((header.index(c) for c in SAMPLE_COLUMNS if c in header), None)
                if sample_col is None:
                    if lab_sample not in header:
                        die(f"{src}:{n}: no sample column ({', '.join(SAMPLE_COLUMNS)}) and no "
                            f"column named {lab_sample}")
                    genes = [i for i, c in enumerate(header)
                             if c in ("Hugo_Symbol", "Entrez_Gene_Id")]
                    keep_cols = genes + [header.index(lab_sample)]
                    out.write("\t".join(header[i] for i in keep_cols) + "\n")
                else:
                    out.write(line)
                continue
            if keep_cols is not None:
                out.write("\t".join(cells[i] if i < len(cells) else "" for i in keep_cols) + "\n")
                kept += 1
            elif sample_col < len(cells) and cells[sample_col] == lab_sample:
                out.write(line)
                kept += 1
    return kept


def cmd_case(a):
    outdir = os.path.dirname(os.path.abspath(a.output))
    os.makedirs(outdir, exist_ok=True)
    files = []
    for i, lab in enumerate(a.labs):
        if is_vcf(lab):
            files.append({"path": os.path.abspath(lab)})
            continue
        dst = os.path.join(outdir, f"{i}_{os.path.basename(lab)}")
        kept = split_table(lab, dst, a.lab_sample)
        if kept == 0:
            print(f"cohort.py: warning: {lab}: no row of sample {a.lab_sample}", file=sys.stderr)
        files.append({"path": os.path.basename(dst)})
    molecular = {"files": files}
    if a.genome:
        molecular["genome"] = a.genome
    case = {"case_format": 1, "id": a.sample,
            "_comment": "written by workflow/scripts/cohort.py from the sample sheet's lab files",
            "molecular": molecular}
    if a.tumor_type:
        case["diagnosis"] = {"oncotree_code": a.tumor_type}
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(case, f, indent=1)
        f.write("\n")
    os.replace(tmp, a.output)


def read_tsv(path):
    """Rows of a TSV as dicts, '#' lines skipped."""
    with open(path, newline="") as f:
        return list(csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"))


def eligible_trials(match_tsv):
    """Trial ids (protocol's NCT id) by status, each once, in the file's order."""
    found = {"eligible": [], "potential": []}
    for row in read_tsv(match_tsv):
        ids = found.get(row.get("status", ""))
        if ids is not None and row["trial"] not in ids:
            ids.append(row["trial"])
    return found


def summarise(sheet, reports, matches):
    rows = []
    for sample in sorted(sheet):
        path = os.path.join(reports, f"{sample}.json")
        with open(path) as f:
            rep = json.load(f)
        group = rep.get("molecular_group") or {}
        drivers = [f"{d.get('gene', '')} {d.get('alteration', '')}".strip()
                   for d in rep.get("drivers") or []]
        trials = {"eligible": [], "potential": []}
        if matches:
            trials = eligible_trials(os.path.join(matches, f"{sample}.tsv"))
        rows.append({"sample": sample, "patient": sheet[sample]["patient"],
                     "tumor_type": rep.get("tumor_type") or "",
                     "molecular_group": group.get("id", ""),
                     "primary_driver": group.get("label", ""),
                     "drivers": ";".join(drivers),
                     "eligible_trials": ";".join(trials["eligible"]),
                     "potential_trials": ";".join(trials["potential"]),
                     "kb_version": rep.get("kb_version", "")})
    return rows


def write_tsv(path, columns, rows, preamble=()):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for line in preamble:
            f.write(line + "\n")
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join(str(r.get(c, "")).replace("\t", " ") for c in columns) + "\n")
    os.replace(tmp, path)


def write_meta(path, fields):
    with open(path, "w") as f:
        for k, v in fields:
            f.write(f"{k}: {v}\n")


def clinical_preamble(columns, names, types):
    """cBioPortal's four header lines: display names, descriptions, datatypes, priorities."""
    return ["#" + "\t".join(names[c] for c in columns),
            "#" + "\t".join(names[c] for c in columns),
            "#" + "\t".join(types.get(c, "STRING") for c in columns),
            "#" + "\t".join("1" for _ in columns)]


def annotated_tables(folder):
    """(kind, path) of each annotated table: maf, cna (one call per row, or annotate's rows
    of a GISTIC matrix), or other."""
    out = []
    if not folder:
        return out
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path) as f:
            header = next((l for l in f if not l.startswith("#")), "").rstrip("\n").split("\t")
        if "Variant_Classification" in header and "Tumor_Sample_Barcode" in header:
            out.append(("maf", path, header))
        elif "Copy_Number_Alteration" in header or "ALTERATION" in header:
            out.append(("cna", path, header))
        else:
            out.append(("other", path, header))
    return out


def gather_mutations(tables, barcode_to_sample, out_path):
    """The annotated MAFs' rows of the sheet's samples, barcodes renamed to the sample ids."""
    columns, rows = [], []
    for kind, path, header in tables:
        if kind != "maf":
            continue
        for c in header:
            if c not in columns:
                columns.append(c)
        for r in read_tsv(path):
            sample = barcode_to_sample.get(r["Tumor_Sample_Barcode"])
            if sample:
                r["Tumor_Sample_Barcode"] = sample
                rows.append(r)
    if columns:
        write_tsv(out_path, columns, rows)
    return sorted({r["Tumor_Sample_Barcode"] for r in rows}) if columns else None


def gather_cna(tables, barcode_to_sample, samples, out_path):
    """Discrete copy number (cBioPortal's DISCRETE matrix: -2 deep deletion .. 2 amplification)
    from the annotated one-call-per-row tables."""
    calls, seen = {}, False
    for kind, path, header in tables:
        if kind != "cna":
            continue
        seen = True
        for r in read_tsv(path):
            barcode = r.get("Tumor_Sample_Barcode") or r.get("SAMPLE_ID") or ""
            gene = r.get("Hugo_Symbol") or r.get("HUGO_SYMBOL") or ""
            call = (r.get("Copy_Number_Alteration") or r.get("ALTERATION") or "").strip()
            value = CNA_VALUES.get(call.lower())
            if value is None and call.lstrip("-").isdigit():
                value = int(call)
            sample = barcode_to_sample.get(barcode)
            if sample and gene and value is not None:
                calls.setdefault(gene, {})[sample] = value
    if not seen:
        return None
    # Only samples with a call are columns: a one-call-per-row table cannot tell a sample
    # without copy-number changes from one that was not assessed.
    samples = [s for s in samples if any(s in by_sample for by_sample in calls.values())]
    columns = ["Hugo_Symbol"] + samples
    rows = [dict({"Hugo_Symbol": g}, **{s: calls[g].get(s, 0) for s in samples})
            for g in sorted(calls)]
    write_tsv(out_path, columns, rows)
    return samples


def case_list(folder, study, suffix, name, category, ids):
    write_meta(os.path.join(folder, "case_lists", f"cases_{suffix}.txt"), [
        ("cancer_study_identifier", study), ("stable_id", f"{study}_{suffix}"),
        ("case_list_name", name), ("case_list_description", f"{name} ({len(ids)} samples)"),
        ("case_list_category", category), ("case_list_ids", "\t".join(ids))])


def write_cbioportal(a, sheet, summary):
    d = a.cbioportal
    os.makedirs(os.path.join(d, "case_lists"), exist_ok=True)
    study = a.study
    kb = summary[0]["kb_version"] if summary else ""
    write_meta(os.path.join(d, "meta_study.txt"), [
        ("type_of_cancer", a.type_of_cancer), ("cancer_study_identifier", study),
        ("name", a.name),
        ("description", f"{a.name}: oncoboard reports and annotations (knowledge base {kb})"),
        ("add_global_case_list", "false")])
    names = {"PATIENT_ID": "Patient Identifier", "SAMPLE_ID": "Sample Identifier",
             "ONCOTREE_CODE": "Oncotree Code", "MOLECULAR_GROUP": "Molecular Group",
             "PRIMARY_DRIVER": "Primary Driver", "DRIVERS": "Drivers",
             "ELIGIBLE_TRIALS": "Eligible Trials"}
    patients = sorted({sheet[s]["patient"] for s in sheet})
    write_meta(os.path.join(d, "meta_clinical_patient.txt"), [
        ("cancer_study_identifier", study), ("genetic_alteration_type", "CLINICAL"),
        ("datatype", "PATIENT_ATTRIBUTES"), ("data_filename", "data_clinical_patient.txt")])
    write_tsv(os.path.join(d, "data_clinical_patient.txt"), ["PATIENT_ID"],
              [{"PATIENT_ID": p} for p in patients],
              clinical_preamble(["PATIENT_ID"], names, {}))
    cols = ["PATIENT_ID", "SAMPLE_ID", "ONCOTREE_CODE", "MOLECULAR_GROUP", "PRIMARY_DRIVER",
            "DRIVERS", "ELIGIBLE_TRIALS"]
    rows = [{"PATIENT_ID": r["patient"], "SAMPLE_ID": r["sample"],
             "ONCOTREE_CODE": r["tumor_type"], "MOLECULAR_GROUP": r["molecular_group"],
             "PRIMARY_DRIVER": r["primary_driver"], "DRIVERS": r["drivers"],
             "ELIGIBLE_TRIALS": r["eligible_trials"]} for r in summary]
    write_meta(os.path.join(d, "meta_clinical_sample.txt"), [
        ("cancer_study_identifier", study), ("genetic_alteration_type", "CLINICAL"),
        ("datatype", "SAMPLE_ATTRIBUTES"), ("data_filename", "data_clinical_sample.txt")])
    write_tsv(os.path.join(d, "data_clinical_sample.txt"), cols, rows,
              clinical_preamble(cols, names, {}))
    samples = [r["sample"] for r in summary]
    case_list(d, study, "all", "All samples", "all_cases_in_study", samples)

    barcode_to_sample = {sheet[s]["lab_sample"]: s for s in sheet}
    tables = annotated_tables(a.annotated)
    mutated = gather_mutations(tables, barcode_to_sample, os.path.join(d, "data_mutations.txt"))
    if mutated is not None:
        write_meta(os.path.join(d, "meta_mutations.txt"), [
            ("cancer_study_identifier", study), ("genetic_alteration_type", "MUTATION_EXTENDED"),
            ("datatype", "MAF"), ("stable_id", "mutations"),
            ("show_profile_in_analysis_tab", "true"), ("profile_name", "Mutations"),
            ("profile_description", f"Mutations annotated by oncoboard (knowledge base {kb})"),
            ("data_filename", "data_mutations.txt")])
        # Profiled = has a row: a cohort table does not say which samples were sequenced and
        # had no mutation, and a sample absent from it was not profiled there.
        case_list(d, study, "sequenced", "Samples with mutation data",
                  "all_cases_with_mutation_data", mutated)
    with_cna = gather_cna(tables, barcode_to_sample, samples, os.path.join(d, "data_cna.txt"))
    if with_cna:
        write_meta(os.path.join(d, "meta_cna.txt"), [
            ("cancer_study_identifier", study), ("genetic_alteration_type", "COPY_NUMBER_ALTERATION"),
            ("datatype", "DISCRETE"), ("stable_id", "cna"),
            ("show_profile_in_analysis_tab", "true"),
            ("profile_name", "Putative copy-number alterations"),
            ("profile_description", "Copy-number calls of the lab, as annotated by oncoboard"),
            ("data_filename", "data_cna.txt")])
        case_list(d, study, "cna", "Samples with CNA data", "all_cases_with_cna_data", with_cna)


def cmd_gather(a):
    with open(a.sheet) as f:
        sheet = json.load(f)
    summary = summarise(sheet, a.reports, a.matches)
    write_tsv(a.summary, ["sample", "patient", "tumor_type", "molecular_group", "primary_driver",
                          "drivers", "eligible_trials", "potential_trials"], summary)
    write_cbioportal(a, sheet, summary)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("case")
    c.add_argument("--sample", required=True)
    c.add_argument("--lab-sample", required=True)
    c.add_argument("--tumor-type", default="")
    c.add_argument("--genome", default="")
    c.add_argument("-o", "--output", required=True)
    c.add_argument("labs", nargs="+")
    g = sub.add_parser("gather")
    for opt in ("sheet", "reports", "summary", "cbioportal", "study", "name", "type-of-cancer"):
        g.add_argument(f"--{opt}", required=True)
    g.add_argument("--matches", default="")
    g.add_argument("--annotated", default="")
    a = p.parse_args()
    try:
        (cmd_case if a.cmd == "case" else cmd_gather)(a)
    except (OSError, ValueError, KeyError) as e:
        die(str(e))


if __name__ == "__main__":
    main()
