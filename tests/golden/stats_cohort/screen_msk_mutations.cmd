stats screen --study $SHARED/cohorts/nsclc_pd1_msk_2018 --response DURABLE_CLINICAL_BENEFIT --pfs-time PFS_MONTHS --pfs-event PFS_STATUS --types mutation --min-freq 10
