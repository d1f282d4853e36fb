stats logrank --data $T/stats/surv_ties.csv --time time --event status --group hi --cut 'hi=x1:median' --where 'centre!=south' --where 'stage in I|II' --format json
