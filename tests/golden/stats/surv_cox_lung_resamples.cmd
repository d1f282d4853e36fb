stats cox --data $SHARED/reference_survival/lung.csv --time time --event status --covariates age,sex,ph.ecog --eps 1e-12 --max-iter 100 --resamples $T/stats/boot_lung_cox.resamples --format json
