annotate --no-version --kb $T/kb/mini --tumor-type LUAD $SHARED/oncokb/example_individual_cna.txt
