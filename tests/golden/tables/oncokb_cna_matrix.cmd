profile --no-version $SHARED/oncokb/example_cna.txt
