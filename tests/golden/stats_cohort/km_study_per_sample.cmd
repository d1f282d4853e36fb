stats km --study $SHARED/cohorts/nsclc_pd1_msk_2018 --per-sample --time PFS_MONTHS --event PFS_STATUS --group GENE_PANEL
