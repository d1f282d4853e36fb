stats score --model $T/stats/score_model.tsv --data $T/stats/score_cohort.tsv --feature x=TMB --feature t=histology
