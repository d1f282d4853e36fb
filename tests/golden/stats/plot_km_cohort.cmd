stats plot km --table $T/stats/report_cohort.tsv --time time --event status --group arm --conf-type log-log
