stats rmst --data $SHARED/reference_survival/lung.csv --time time --event status --group sex --format json
