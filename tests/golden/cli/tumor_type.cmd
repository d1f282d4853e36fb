profile --no-version --tumor-type luad $T/cli/bom_fusions.tsv
