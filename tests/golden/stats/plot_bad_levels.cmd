stats plot roc --table $T/stats/report_cohort.tsv --score tmb --outcome histology --outcome-levels squamous
