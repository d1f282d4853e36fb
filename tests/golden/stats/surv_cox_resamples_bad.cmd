stats cox --data $T/stats/boot_gen_cox.csv --time time --event status --covariates x1,x2 --strata stratum --resamples $T/stats/boot_bad.resamples
