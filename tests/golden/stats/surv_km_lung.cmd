stats km --data $SHARED/reference_survival/lung.csv --time time --event status --group sex --format json --times 100,200,300,500
