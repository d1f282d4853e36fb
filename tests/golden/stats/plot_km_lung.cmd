stats plot km --table $SHARED/reference_survival/lung.csv --time time --event status --group sex --risk-times 0,100,200,300,500 --title "lung (R survival): survival by sex" --x-label Days
