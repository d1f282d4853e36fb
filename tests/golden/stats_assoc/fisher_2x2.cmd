stats fisher --data $T/stats/assoc_categorical.tsv --a stk11 --b benefit
