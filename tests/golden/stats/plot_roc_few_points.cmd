stats plot roc --table $T/plot/roc_few_points.csv --score score --outcome outcome
