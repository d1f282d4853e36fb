stats fisher --data $T/stats/assoc_bad.tsv --a group --b pair
