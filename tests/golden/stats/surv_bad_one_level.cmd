stats logrank --data $T/stats/surv_ties.csv --time time --event status --group centre --levels north,south,east
