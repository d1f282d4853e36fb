stats plot km --table $SHARED/reference_survival/lung.csv --time time --event status --group sex --width 320 --x-label Days
