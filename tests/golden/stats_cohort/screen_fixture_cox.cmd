stats screen --study $T/stats/cohort_study --pfs-time PFS_MONTHS --pfs-event PFS_STATUS --covariates AGE
