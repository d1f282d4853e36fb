annotate --no-version --kb $T/kb/mini $T/annotate/small.maf $T/annotate/fusions.tsv
