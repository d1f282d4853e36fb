stats cox --data $SHARED/cohorts/oak_poplar_gandara_2018/OAK_Clinical_Data.tsv --time PFS --censor PFS.CNSR --cut btmb16=btmb:16 --covariates TRT01P*btmb16
