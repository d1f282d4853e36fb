stats plot waterfall --table $T/stats/plot_bad.tsv --change change
