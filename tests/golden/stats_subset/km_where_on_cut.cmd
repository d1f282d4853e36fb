stats km --data $T/stats/surv_ties.csv --time time --event status --group arm --cut 'top=x1:q0.75/within centre' --where 'top=high'
