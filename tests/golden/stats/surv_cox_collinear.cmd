stats cox --data $T/stats/surv_ties.csv --time time --event status --covariates x1,x2,x2b --format json
