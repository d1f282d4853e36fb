profile --no-version $SHARED/test-inputs/pcgr/T001-BRCA.grch37.fusions.tsv $SHARED/test-inputs/pcgr/T001-BRCA.grch38.fusions.tsv
