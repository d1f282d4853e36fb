stats cox --data $SHARED/reference_survival/veteran.csv --time time --event status --covariates trt,celltype,karno,diagtime,age,prior --ref celltype=squamous --ties breslow
