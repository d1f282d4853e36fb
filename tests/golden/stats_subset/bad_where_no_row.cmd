stats km --data $T/stats/surv_ties.csv --time time --event status --where 'centre=nowhere'
