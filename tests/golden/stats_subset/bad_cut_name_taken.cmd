stats km --data $T/stats/surv_ties.csv --time time --event status --group arm --cut 'arm=x1:0'
