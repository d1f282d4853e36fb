stats fisher --data $T/stats/assoc_categorical.tsv --a stk11 --b benefit --levels-a WT,MUT --format json
