stats plot pie --table $T/stats/plot_bad.tsv
