stats logistic --data $T/stats/assoc_logistic.csv --outcome response --covariates age,sex*marker --factors sex
