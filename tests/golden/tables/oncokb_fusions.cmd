profile --no-version --format json $SHARED/oncokb/example_fusions.txt
