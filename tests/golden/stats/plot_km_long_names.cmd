stats plot km --table $T/plot/km_long_names.csv --time time --event status --group group --x-label Months
