stats cox --data $T/stats/surv_no_events.csv --time time --event status --covariates x
