profile --no-version $T/cli/bom_fusions.tsv
