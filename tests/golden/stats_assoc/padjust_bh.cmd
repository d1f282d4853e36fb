stats padjust --data $T/stats/assoc_padjust.csv --p p --method BH
