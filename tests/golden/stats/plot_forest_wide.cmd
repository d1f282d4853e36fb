stats plot forest --table $T/plot/forest_wide.csv --time time --event status --covariates x,age,stage
