stats plot roc --table $T/stats/assoc_roc.csv --score score --outcome outcome --title "ROC (pROC reference data)"
