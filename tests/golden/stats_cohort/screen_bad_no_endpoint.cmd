stats screen --study $T/stats/cohort_study
