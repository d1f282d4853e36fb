stats roc --data $T/stats/assoc_bad.tsv --score value --outcome flag
