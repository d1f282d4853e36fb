stats mcnemar --data $T/stats/assoc_categorical.tsv --a before --b after
