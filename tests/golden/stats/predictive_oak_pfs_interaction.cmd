stats cox --data $SHARED/cohorts/oak_poplar_gandara_2018/OAK_Clinical_Data.tsv --time PFS --censor PFS.CNSR --covariates TRT01P*btmb --cut btmb=16
