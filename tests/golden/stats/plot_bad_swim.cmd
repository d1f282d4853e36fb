stats plot swimmer --table $T/stats/plot_bad.tsv --patient patient --start start --end end --therapy therapy
