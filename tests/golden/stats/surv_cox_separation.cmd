stats cox --data $T/stats/surv_separation.csv --time time --event status --covariates x
