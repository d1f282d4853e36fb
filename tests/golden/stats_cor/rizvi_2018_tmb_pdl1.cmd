stats cor --study $SHARED/cohorts/nsclc_pd1_msk_2018 --x TMB_NONSYNONYMOUS --y PDL1_SCORE --method spearman
