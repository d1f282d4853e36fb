stats logistic --data $T/stats/boot_gen_logistic.csv --outcome y --covariates x1,x2,rare --resamples $T/stats/boot_gen_logistic.resamples --json
