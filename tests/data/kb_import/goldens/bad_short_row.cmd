kb import civic $T/kb_import/civic_short_row.tsv --kb $T/kb_import/kb -o $T/../../build/golden_kb_import_bad --force
