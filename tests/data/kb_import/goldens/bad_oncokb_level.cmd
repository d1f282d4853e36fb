kb import oncokb $T/kb_import/oncokb_bad_level.txt --kb $T/kb_import/kb -o $T/../../build/golden_kb_import_bad --force
