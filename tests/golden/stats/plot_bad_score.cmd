stats plot roc --table $T/stats/plot_bad.tsv --score score --outcome outcome
