stats score --model loris-nsclc --data $T/stats/score_cohort.tsv --feature Foo=TMB
