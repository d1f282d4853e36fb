stats wilcoxon --data $T/stats/assoc_bad.tsv --value tied --group group
