stats compare --study $SHARED/cohorts/nsclc_pd1_msk_2018 --group DURABLE_CLINICAL_BENEFIT --numeric MUTATION_RATE,PDL1_SCORE --categorical SMOKER --types mutation --min-freq 15
