design boin-comb simulate --target 0.3 --scenarios tests/data/design/comb_ragged.csv --cohorts 10
