kb validate --kb $T/kb/oncokb_semantics
