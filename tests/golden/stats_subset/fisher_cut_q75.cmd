stats fisher --data $T/stats/surv_ties.csv --a top --b centre --cut 'top=x1:q0.75' --where 'arm!=C'
