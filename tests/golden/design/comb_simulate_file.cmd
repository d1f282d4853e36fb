design boin-comb simulate --target 0.3 --scenarios tests/data/design/comb_scenarios.csv --cohorts 10 --trials 400 --seed 3
