stats cox --data $SHARED/cohorts/oak_poplar_gandara_2018/POPLAR_Clinical_Data.tsv --time OS --censor OS.CNSR --covariates TRT01P --by btmb --cut btmb=16
