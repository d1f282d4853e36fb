stats cox --data $SHARED/cohorts/oak_poplar_gandara_2018/POPLAR_Clinical_Data.tsv --time OS --censor OS.CNSR --covariates TRT01P --cut btmb16=btmb:16 --by btmb16
