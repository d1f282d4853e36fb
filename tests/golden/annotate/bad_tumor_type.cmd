annotate --no-version --kb $T/kb/mini --tumor-type NOTACODE $T/annotate/small.maf
