profile --no-version $T/tables/ambiguous_fusion.tsv
