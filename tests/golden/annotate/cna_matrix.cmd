annotate --no-version --kb $T/kb/mini --clinical $T/annotate/clinical.tsv $T/annotate/cna_matrix.tsv
