stats cutpoint --data $T/stats/assoc_maxstat.csv --marker marker --time time --event event --json
