stats plot waterfall --table $T/stats/report_cohort.tsv --change change --category recist --label patient
