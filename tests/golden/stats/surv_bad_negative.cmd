stats km --data $T/stats/surv_bad_negative.csv --time time --event status
