stats cox --data $SHARED/reference_survival/lung.csv --time time --event status --covariates age,sex,ph.ecog --format json --zph
