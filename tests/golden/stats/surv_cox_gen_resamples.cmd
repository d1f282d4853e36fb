stats cox --data $T/stats/boot_gen_cox.csv --time time --event status --covariates x1,x2 --strata stratum --eps 1e-12 --max-iter 100 --resamples $T/stats/boot_gen_cox.resamples
