stats logistic --data $T/stats/assoc_separation.csv --outcome response --covariates x,x2 --json
