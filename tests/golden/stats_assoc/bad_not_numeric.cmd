stats wilcoxon --data $T/stats/assoc_bad.tsv --value text --group group
