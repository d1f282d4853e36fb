stats cox --data $SHARED/cohorts/oak_poplar_gandara_2018/OAK_Clinical_Data.tsv --time PFS --censor PFS.CNSR --covariates TRT01P --cut btmb16=btmb:16 --by btmb16,HIST --format json
