design waterfall simulate --target 0.3 --scenarios tests/data/design/comb_outside.csv
