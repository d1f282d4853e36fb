stats cutpoint --data $T/stats/assoc_maxstat.csv --marker marker --response response --scores data --minprop 0.2 --maxprop 0.8
