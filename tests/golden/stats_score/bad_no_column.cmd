stats score --model loris-pancancer --data $T/stats/score_cohort.tsv
