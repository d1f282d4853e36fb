stats cox --data $T/stats/predictive_generated.csv --time time --event status --covariates trt*grp*marker
