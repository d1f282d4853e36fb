profile --no-version $SHARED/oncokb/example_maf.txt
