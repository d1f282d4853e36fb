stats cutpoint --data $T/stats/assoc_bad.tsv --marker value --time value --event group
