stats chisq --data $T/stats/assoc_categorical.tsv --a stk11 --b benefit --json
