stats cor --data $T/stats/cor_cli.tsv --x tmb --y pdl1 --json
