stats km --data $T/stats/surv_ties.csv --time time --event status --group arm --conf-type log-log --times 0,5,10
