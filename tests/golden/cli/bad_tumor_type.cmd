profile --tumor-type LUNGX $T/cli/bom_fusions.tsv
