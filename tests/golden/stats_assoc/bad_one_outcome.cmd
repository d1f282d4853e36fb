stats logistic --data $T/stats/assoc_bad.tsv --outcome pair --covariates value
