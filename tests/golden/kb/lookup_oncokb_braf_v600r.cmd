kb lookup BRAF V600R --kb $T/kb/oncokb_semantics
