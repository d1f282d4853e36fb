profile --no-version $SHARED/oncokb/example_atypical_alterations.txt
