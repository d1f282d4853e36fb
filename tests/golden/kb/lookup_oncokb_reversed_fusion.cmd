kb lookup ABL1 "ABL1-BCR fusion" --kind fusion --kb $T/kb/oncokb_semantics --json
