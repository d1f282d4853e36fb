stats landmark --data $T/stats/surv_ties.csv --time time --event status --landmark 6 --response-time resp_time --format json
