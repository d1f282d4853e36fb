stats logistic --data $T/stats/assoc_logistic.csv --outcome response --covariates age,marker,sex
