profile --no-version $SHARED/oncokb/example_sv.txt
