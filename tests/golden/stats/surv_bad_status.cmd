stats logrank --data $T/stats/surv_bad_status.tsv --time time --event status --group arm
