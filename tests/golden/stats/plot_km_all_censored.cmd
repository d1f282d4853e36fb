stats plot km --table $T/plot/km_all_censored.csv --time time --event status
