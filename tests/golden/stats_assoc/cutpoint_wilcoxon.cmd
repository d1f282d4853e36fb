stats cutpoint --data $T/stats/assoc_maxstat.csv --marker marker --response value
