stats km --data $T/stats/surv_ties.csv --time arm --event status
