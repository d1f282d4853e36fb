profile --no-version $SHARED/test-inputs/civicannotator/example_maf_egfr.tsv
