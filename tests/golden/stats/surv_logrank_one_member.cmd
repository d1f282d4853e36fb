stats logrank --data $T/stats/surv_one_member.csv --time time --event status --group arm --format json
