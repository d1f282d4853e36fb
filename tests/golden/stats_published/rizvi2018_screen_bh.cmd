stats screen --study $SHARED/cohorts/nsclc_pd1_msk_2018 --response DURABLE_CLINICAL_BENEFIT --types mutation --min-freq 0 --min-altered 5
