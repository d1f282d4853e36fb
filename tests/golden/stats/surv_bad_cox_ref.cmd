stats cox --data $T/stats/surv_ties.csv --time time --event status --covariates stage --ref II
