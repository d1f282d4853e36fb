stats screen --study $SHARED/cohorts/nsclc_pd1_msk_2018 --response DURABLE_CLINICAL_BENEFIT --min-freq 20 --format json
