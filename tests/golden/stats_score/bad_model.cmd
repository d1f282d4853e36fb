stats score --model $T/stats/score_model_bad.tsv --data $T/stats/score_cohort.tsv
