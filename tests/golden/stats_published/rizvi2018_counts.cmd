stats fisher --study $SHARED/cohorts/nsclc_pd1_msk_2018 --a DURABLE_CLINICAL_BENEFIT --b GENE_PANEL
