stats compare --study $T/stats/cohort_study --group RESPONSE --levels PD,PR --numeric AGE --no-genes --format json
