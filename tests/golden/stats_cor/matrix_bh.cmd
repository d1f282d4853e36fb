stats cor --data $T/stats/cor_cli.tsv --columns tmb,pdl1,neoantigens,age --method spearman --adjust BH
