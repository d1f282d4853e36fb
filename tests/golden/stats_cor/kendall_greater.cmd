stats cor --data $T/stats/cor_cli.tsv --x tmb --y pdl1 --method kendall --alternative greater
