profile $T/cli/unknown_table.tsv
