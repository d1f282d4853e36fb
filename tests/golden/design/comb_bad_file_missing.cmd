design boin-comb simulate --target 0.3 --scenarios tests/data/design/comb_missing.csv --cohorts 10
