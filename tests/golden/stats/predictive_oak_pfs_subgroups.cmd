stats cox --data $SHARED/cohorts/oak_poplar_gandara_2018/OAK_Clinical_Data.tsv --time PFS --censor PFS.CNSR --covariates TRT01P --by btmb,HIST --cut btmb=16 --format json
