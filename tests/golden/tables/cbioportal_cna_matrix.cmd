profile --no-version $SHARED/cohorts/nsclc_pd1_msk_2018/data_cna.txt
