#!/usr/bin/env python3
"""oncotree-to-tsv.py: converts a published OncoTree release into kb/oncotree.tsv.

OncoTree (MSK, https://oncotree.mskcc.org, github.com/cBioPortal/oncotree) publishes each
release as a flat TSV (trees/tsv/oncotree_<release>.txt: Code, Color, Name, MainType, UMLS,
NCI, Tissue, Parent) and as a nested JSON tree (trees/oncotree_<release>.json, or the API's
/api/tumorTypes/tree?version=<release>: {"TISSUE": {"code", "name", "mainType", "children":
{...}}}). Either is read here; the output is what oncoboard loads (docs/oncotree.md):

    code  name  parent  tissue  level  main_type  class

The structure comes from the parent links only. `tissue` is the name of the node's level-1
ancestor (itself for a level-1 node) and `level` its depth under the root TISSUE (level 0),
both computed, not copied: the published Tissue column disagrees with the parent links for a
few nodes, and those are listed on stderr. `class` is `liquid` for the subtree of the
haematological tissue(s) and `solid` elsewhere (empty for the root), following MatchMiner,
whose _LIQUID_ is the descendants of the haematological tissues of its OncoTree release
("Lymph" and "Blood" in its mapping file; "Lymphoid" and "Myeloid" in releases 2019-2025;
"Hematopoietic" from 2026 on). Whitespace around fields is stripped (the 2026_05_21 TSV has
parents like " TLL"); nothing else is changed.

Usage: oncotree-to-tsv.py --release oncotree_2026_05_21 --source URL INPUT > kb/oncotree.tsv
"""
import argparse
import hashlib
import json
import sys

LIQUID_TISSUES = {"Hematopoietic", "Lymphoid", "Myeloid", "Lymph", "Blood"}
ROOT = "TISSUE"


def read_tsv(text):
    lines = text.split("\n")
    header = [h.strip() for h in lines[0].rstrip("\r").split("\t")]
    want = ["Code", "Name", "MainType", "Tissue", "Parent"]
    missing = [w for w in want if w not in header]
    if missing:
        sys.exit("input: header lacks %s" % ", ".join(missing))
    col = {w: header.index(w) for w in want}
    nodes = []
    for lineno, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            sys.exit("input:%d: %d fields, header has %d" % (lineno, len(cells), len(header)))
        nodes.append({w: cells[col[w]].strip() for w in want})
    return nodes


def read_json(text):
    nodes = []

    def walk(node, parent):
        nodes.append({"Code": node["code"].strip(), "Name": node["name"].strip(),
                      "MainType": (node.get("mainType") or "").strip(),
                      "Tissue": (node.get("tissue") or "").strip(), "Parent": parent})
        for child in (node.get("children") or {}).values():
            walk(child, node["code"].strip())

    for top in json.loads(text).values():
        walk(top, "")
    return nodes


def build(nodes):
    by_code = {}
    for n in nodes:
        if n["Code"] in by_code:
            sys.exit("input: duplicate code %s" % n["Code"])
        by_code[n["Code"]] = n
    if ROOT not in by_code or by_code[ROOT]["Parent"]:
        sys.exit("input: no root %s" % ROOT)
    children = {c: [] for c in by_code}
    for n in nodes:
        if n["Code"] == ROOT:
            continue
        if n["Parent"] not in by_code:
            sys.exit("input: %s has unknown parent %r" % (n["Code"], n["Parent"]))
        children[n["Parent"]].append(n["Code"])
    order = []

    def visit(code, level, tissue):
        n = by_code[code]
        n["level"] = level
        n["tissue"] = tissue
        order.append(n)
        for c in sorted(children[code]):
            visit(c, level + 1, by_code[c]["Name"] if level == 0 else tissue)

    visit(ROOT, 0, "")
    if len(order) != len(nodes):
        sys.exit("input: %d nodes are not under %s (a cycle?)" % (len(nodes) - len(order), ROOT))
    return order, children


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--release", required=True, help="e.g. oncotree_2026_05_21")
    ap.add_argument("--source", required=True, help="where INPUT was taken from (URL@commit)")
    ap.add_argument("input", help="the release's TSV (trees/tsv/*.txt) or JSON tree")
    args = ap.parse_args()
    raw = open(args.input, "rb").read()
    text = raw.decode("utf-8")
    nodes = read_json(text) if text.lstrip().startswith("{") else read_tsv(text)
    order, children = build(nodes)

    notes = ["%s: published Tissue %r, but its level-1 ancestor is %r" % (n["Code"], n["Tissue"], n["tissue"])
             for n in order if n["level"] > 1 and n["Tissue"] and n["Tissue"] != n["tissue"]]
    for note in notes:
        print("note: " + note, file=sys.stderr)
    tissues = [n for n in order if n["level"] == 1]
    liquid = [t["Name"] for t in tissues if t["Name"] in LIQUID_TISSUES]
    if not liquid:
        sys.exit("input: none of the tissues is haematological (%s)" % ", ".join(sorted(LIQUID_TISSUES)))

    out = sys.stdout
    out.write("# OncoTree tumor types, release %s: %d nodes (with the root TISSUE), %d tissues.\n"
              % (args.release, len(order), len(tissues)))
    out.write("# release: %s\n" % args.release)
    out.write("# Source: %s (sha256 %s), OncoTree by Memorial Sloan Kettering,\n"
              % (args.source, hashlib.sha256(raw).hexdigest()))
    out.write("#   https://oncotree.mskcc.org. Written by scripts/oncotree-to-tsv.py; do not edit by hand.\n")
    out.write("# Columns: code; name; parent (code, empty for the root); tissue (name of the level-1\n")
    out.write("#   ancestor, computed from the parents; empty for the root); level (root 0, tissues 1);\n")
    out.write("#   main_type (OncoTree MainType, empty when none); class: liquid = the subtree of the\n")
    out.write("#   haematological tissue(s) (%s), as MatchMiner's _LIQUID_; solid = any other.\n"
              % ", ".join(liquid))
    out.write("# Names are as published (a few carry the release's typos, e.g. PREBE).\n")
    for note in notes:
        out.write("# Note: %s (tissue here follows the parent links).\n" % note)
    out.write("code\tname\tparent\ttissue\tlevel\tmain_type\tclass\n")
    for n in order:
        if n["level"] == 0:
            cls = ""
        else:
            cls = "liquid" if n["tissue"] in liquid else "solid"
        row = [n["Code"], n["Name"], n["Parent"], n["tissue"], str(n["level"]), n["MainType"], cls]
        if any("\t" in f or "\n" in f for f in row):
            sys.exit("input: %s: a field holds a tab or a newline" % n["Code"])
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
