stats signrank --data $T/stats/assoc_bad.tsv --x tied --y tied
