stats logistic --data $T/stats/assoc_quasi_separation.csv --outcome response --covariates x1,x2
