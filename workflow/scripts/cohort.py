#!/usr/bin/env python3
"""The workflow's two steps that are not oncoboard commands (workflow/Snakefile).

  cohort.py split   a cohort-wide lab table cut, in one pass, into one file per sample of the
                    sheet that names it (a case reads each referenced file as one sample,
                    docs/case-format.md "Sample names").
  cohort.py case    a case file for a sample given by lab files (its VCFs, its split tables).
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


def split_table(src, wanted, outdir):
    """One pass over a cohort-wide table: for each sample of wanted (lab barcode -> sample
    ids), OUTDIR/SAMPLE.tsv with the comment lines, the header and that barcode's rows. A GISTIC
    matrix (Hugo_Symbol, then one column per sample) keeps the gene columns and the sample's
    column. Rows are held in memory until the end (about the table's size): one pass, and no
    open file per sample. Returns the number of rows per sample id."""
    head, rows = [], {b: [] for b in wanted}
    header = None
    with open(src, newline="") as f:
        for n, line in enumerate(f, start=1):
            if line.startswith("#") or not line.strip():
                if header is None:
                    head.append(line)
                continue
            cells = line.rstrip("\r\n").split("\t")
            if header is None:
                header = cells
                sample_col = next((header.index(c) for c in SAMPLE_COLUMNS if c in header), None)
                if sample_col is None:
                    genes = [i for i, c in enumerate(header) if c in ("Hugo_Symbol", "Entrez_Gene_Id")]
                    if not genes:
                        raise ValueError(f"{src}:{n}: no sample column ({', '.join(SAMPLE_COLUMNS)})"
                                         " and no Hugo_Symbol column (GISTIC matrix)")
                    matrix = {b: genes + [header.index(b)] for b in wanted if b in header}
                continue
            if sample_col is not None:
                if sample_col < len(cells) and cells[sample_col] in rows:
                    rows[cells[sample_col]].append(line if line.endswith("\n") else line + "\n")
            else:
                for b, cols in matrix.items():
                    rows[b].append("\t".join(cells[i] if i < len(cells) else "" for i in cols) + "\n")
    if header is None:
        raise ValueError(f"{src}: no header line")
    counts = {}
    for b, ids in wanted.items():
        if sample_col is not None:
            top = "\t".join(header) + "\n"
        elif b in matrix:
            top = "\t".join(header[i] for i in matrix[b]) + "\n"
        else:
            top = "\t".join(header[i] for i in genes) + "\n"
        for sample in ids:
            tmp = os.path.join(outdir, f"{sample}.tsv.tmp")
            with open(tmp, "w") as out:
                out.writelines(head)
                out.write(top)
                out.writelines(rows[b])
            os.replace(tmp, os.path.join(outdir, f"{sample}.tsv"))
            counts[sample] = len(rows[b])
    return counts


def cmd_split(a):
    """The sheet (JSON, as the Snakefile writes it) says which samples read TABLE."""
    with open(a.sheet) as f:
        sheet = json.load(f)
    wanted = {}
    for sample, s in sheet.items():
        if a.table in s["labs"]:
            wanted.setdefault(s["lab_sample"], []).append(sample)
    os.makedirs(a.outdir, exist_ok=True)
    for sample, n in split_table(a.table, wanted, a.outdir).items():
        if n == 0:
            print(f"cohort.py: warning: {a.table}: no row of sample {sample} "
                  f"({sheet[sample]['lab_sample']})", file=sys.stderr)


def cmd_case(a):
    """A one-sample case naming the lab files (VCFs as given, tables as split)."""
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    molecular = {"files": [{"path": os.path.abspath(p)} for p in a.labs]}
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
        elif "Fusion" in header or "Site1_Hugo_Symbol" in header:
            out.append(("sv", path, header))
        elif "Copy_Number_Alteration" in header or "ALTERATION" in header:
            out.append(("cna", path, header))
        else:
            out.append(("other", path, header))
    return out


def gather_mutations(tables, barcode_to_sample, out_path):
    """The annotated MAFs' rows of the sheet's samples, barcodes renamed to the sample ids.
    Each data type's file, meta file and case list is written only when a sample has data."""
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
    if not rows:
        return None
    write_tsv(out_path, columns, rows)
    return sorted({r["Tumor_Sample_Barcode"] for r in rows})


ANNOTATION_COLUMNS = ["ONCOGENIC", "MUTATION_EFFECT", "ESCAT", "HIGHEST_LEVEL", "THERAPIES",
                      "RESISTANCES"]


def fusion_partners(r):
    """(5' gene, 3' gene) of a fusion row: cBioPortal's Site1/Site2, or oncokb-annotator's
    Fusion "GENEA-GENEB" (one hyphen; a name with several is left whole as the 5' gene)."""
    if r.get("Site1_Hugo_Symbol") is not None:
        return r.get("Site1_Hugo_Symbol") or "", r.get("Site2_Hugo_Symbol") or ""
    name = (r.get("Fusion") or "").strip()
    for suffix in (" Fusion", " fusion"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    parts = name.split("-")
    return (parts[0], parts[1]) if len(parts) == 2 else (name, "")


def rows_of_sheet(tables, kind, barcode_to_sample, sample_columns):
    """(sample id, row) of every row of the tables of this kind whose barcode (the first of
    sample_columns present) is a sheet sample's; None when no table is of this kind."""
    chosen = [path for k, path, _ in tables if k == kind]
    if not chosen:
        return None
    out = []
    for path in chosen:
        for r in read_tsv(path):
            barcode = next((r[c] for c in sample_columns if r.get(c)), "")
            if barcode in barcode_to_sample:
                out.append((barcode_to_sample[barcode], r))
    return out


def gather_sv(tables, barcode_to_sample, out_path):
    """cBioPortal's structural-variant file from the annotated fusion and SV tables."""
    found = rows_of_sheet(tables, "sv", barcode_to_sample, ("Tumor_Sample_Barcode", "Sample_Id"))
    if not found:
        return None
    rows = []
    for sample, r in found:
        site1, site2 = fusion_partners(r)
        row = {"Sample_Id": sample, "Site1_Hugo_Symbol": site1, "Site2_Hugo_Symbol": site2,
               "SV_Status": r.get("SV_Status") or "SOMATIC",
               "Event_Info": r.get("Event_Info") or f"{site1}-{site2} Fusion"}
        row.update({c: r.get(c, "") for c in ANNOTATION_COLUMNS})
        rows.append(row)
    write_tsv(out_path, ["Sample_Id", "Site1_Hugo_Symbol", "Site2_Hugo_Symbol", "SV_Status",
                         "Event_Info"] + ANNOTATION_COLUMNS, rows)
    return sorted({r["Sample_Id"] for r in rows})


def gather_cna(tables, barcode_to_sample, samples, out_path):
    """Discrete copy number (cBioPortal's DISCRETE matrix: -2 deep deletion .. 2 amplification)
    from the annotated one-call-per-row tables."""
    found = rows_of_sheet(tables, "cna", barcode_to_sample, ("Tumor_Sample_Barcode", "SAMPLE_ID"))
    if found is None:
        return None
    calls = {}
    for sample, r in found:
        gene = r.get("Hugo_Symbol") or r.get("HUGO_SYMBOL") or ""
        call = (r.get("Copy_Number_Alteration") or r.get("ALTERATION") or "").strip()
        value = CNA_VALUES.get(call.lower())
        if value is None and call.lstrip("-").isdigit():
            value = int(call)
        if gene and value is not None:
            calls.setdefault(gene, {})[sample] = value
    # Only samples with a call are columns: a one-call-per-row table cannot tell a sample
    # without copy-number changes from one that was not assessed.
    samples = [s for s in samples if any(s in by_sample for by_sample in calls.values())]
    if not samples:
        return None
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
    if mutated:
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
    with_sv = gather_sv(tables, barcode_to_sample, os.path.join(d, "data_sv.txt"))
    if with_sv:
        write_meta(os.path.join(d, "meta_sv.txt"), [
            ("cancer_study_identifier", study), ("genetic_alteration_type", "STRUCTURAL_VARIANT"),
            ("datatype", "SV"), ("stable_id", "structural_variants"),
            ("show_profile_in_analysis_tab", "true"), ("profile_name", "Structural variants"),
            ("profile_description", "Fusions of the lab, as annotated by oncoboard"),
            ("data_filename", "data_sv.txt")])
        case_list(d, study, "sv", "Samples with SV data", "all_cases_with_sv_data", with_sv)


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
    c.add_argument("--tumor-type", default="")
    c.add_argument("--genome", default="")
    c.add_argument("-o", "--output", required=True)
    c.add_argument("labs", nargs="+")
    sp = sub.add_parser("split")
    sp.add_argument("--sheet", required=True)
    sp.add_argument("--table", required=True)
    sp.add_argument("-o", "--outdir", required=True)
    g = sub.add_parser("gather")
    for opt in ("sheet", "reports", "summary", "cbioportal", "study", "name", "type-of-cancer"):
        g.add_argument(f"--{opt}", required=True)
    g.add_argument("--matches", default="")
    g.add_argument("--annotated", default="")
    a = p.parse_args()
    try:
        {"case": cmd_case, "split": cmd_split, "gather": cmd_gather}[a.cmd](a)
    except (OSError, ValueError, KeyError) as e:
        die(str(e))


if __name__ == "__main__":
    main()
