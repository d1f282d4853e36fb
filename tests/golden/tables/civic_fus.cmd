profile --no-version $SHARED/test-inputs/civicannotator/example_fus.tsv
