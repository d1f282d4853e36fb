stats cor --data $T/stats/cor_bad.tsv --x a --y const --method kendall
