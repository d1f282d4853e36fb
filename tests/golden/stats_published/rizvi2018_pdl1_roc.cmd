stats plot roc --study $SHARED/cohorts/nsclc_pd1_msk_2018 --score PDL1_SCORE --outcome DURABLE_CLINICAL_BENEFIT --outcome-levels NO,YES --title "Rizvi 2018: PD-L1 for durable benefit"
