stats logistic --data $T/stats/boot_gen_logistic.csv --outcome y --covariates x1,x2,rare --bootstrap 100 --resamples $T/stats/boot_gen_logistic.resamples
