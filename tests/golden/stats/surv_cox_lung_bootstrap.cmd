stats cox --data $SHARED/reference_survival/lung.csv --time time --event status --covariates age,sex,ph.ecog --bootstrap 200 --seed 7
