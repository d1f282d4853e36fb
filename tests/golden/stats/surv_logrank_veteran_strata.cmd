stats logrank --data $SHARED/reference_survival/veteran.csv --time time --event status --group celltype --levels squamous,smallcell,adeno,large --strata trt --format json
