design compare --designs boin,keyboard,3+3 --exact --scenarios tests/data/design/scenarios.csv --target 0.3 --cohorts 10 --cohort-size 3 --trials 500 --seed 3 --format md
