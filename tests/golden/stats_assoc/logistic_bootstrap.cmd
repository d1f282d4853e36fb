stats logistic --data $T/stats/assoc_logistic.csv --outcome response --covariates age,marker,sex --bootstrap 100 --seed 1 --json
