stats km --data $T/stats/surv_ties.csv --time time --event status --cut 'hi=x1:q1.5'
