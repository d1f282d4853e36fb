stats logistic --data $T/stats/assoc_firth.csv --outcome response --covariates age,marker,sex --firth
