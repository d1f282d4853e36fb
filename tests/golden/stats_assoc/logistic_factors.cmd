stats logistic --data $T/stats/assoc_categorical.tsv --outcome benefit --covariates tmb,histology,stk11 --factors histology,stk11 --json
