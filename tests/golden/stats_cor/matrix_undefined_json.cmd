stats cor --data $T/stats/cor_bad.tsv --columns a,b,const,sparse --method spearman --json
