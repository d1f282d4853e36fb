profile --no-version $SHARED/oncokb/example_maf_grch38.txt
