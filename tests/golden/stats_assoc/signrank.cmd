stats signrank --data $T/stats/assoc_paired.csv --x after --y before --json
