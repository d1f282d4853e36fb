stats report --table $T/stats/report_cohort.tsv --time time --event status --marker tmb
