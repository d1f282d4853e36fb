kb import oncokb $T/kb_import/oncokb_actionable.txt --date 2026-11-01 --kb $T/kb_import/kb -o $T/../../build/golden_kb_import_oncokb --force
