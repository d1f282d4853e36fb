profile --no-version $SHARED/oncokb/example_individual_cna.txt
