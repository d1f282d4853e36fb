annotate --no-version --kb $T/kb/mini --tumor-type NSCLC $T/annotate/fusions.tsv
