stats roc --data $T/stats/assoc_categorical.tsv --score tmb --outcome benefit
