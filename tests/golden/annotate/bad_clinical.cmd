annotate --no-version --kb $T/kb/mini --clinical $T/annotate/fusions.tsv $T/annotate/small.maf
