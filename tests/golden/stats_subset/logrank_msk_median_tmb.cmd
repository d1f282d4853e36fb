stats logrank --study $SHARED/cohorts/nsclc_pd1_msk_2018 --time PFS_MONTHS --event PFS_STATUS --group tmb --cut 'tmb=TMB_NONSYNONYMOUS:median'
