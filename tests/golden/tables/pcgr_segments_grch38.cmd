profile --no-version --genome GRCh38 $SHARED/test-inputs/pcgr/T001-BRCA.grch38.cna.tsv
