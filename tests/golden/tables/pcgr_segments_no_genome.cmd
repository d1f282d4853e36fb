profile --no-version $SHARED/test-inputs/pcgr/T001-BRCA.grch38.cna.tsv
