stats screen --data $T/stats/assoc_categorical.tsv --response x
