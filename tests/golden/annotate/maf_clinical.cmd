annotate --no-version --kb $T/kb/mini --clinical $T/annotate/clinical.tsv -o - --samples - $T/annotate/small.maf
