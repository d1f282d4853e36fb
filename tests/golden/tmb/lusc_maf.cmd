profile --no-version --tmb --panel-size 30 $SHARED/test-inputs/musicatk/public_TCGA.LUSC.maf
