profile --no-version $SHARED/test-inputs/musicatk/public_TCGA.LUSC.maf
