stats plot forest --table $T/stats/report_cohort.tsv --time time --event status --covariates age,ecog,histology --ref histology=squamous
