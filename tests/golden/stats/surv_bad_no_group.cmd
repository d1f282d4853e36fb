stats logrank --data $T/stats/surv_no_events.csv --time time --event status --group arm
