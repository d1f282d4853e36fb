stats roc --data $T/stats/assoc_roc.csv --score score --outcome outcome --format json
