stats logrank --data $T/stats/surv_ties.csv --time time --event status --group arm --rho 1 --strata centre
