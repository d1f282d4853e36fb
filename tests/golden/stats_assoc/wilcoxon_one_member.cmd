stats wilcoxon --data $T/stats/assoc_bad.tsv --value value --group group
