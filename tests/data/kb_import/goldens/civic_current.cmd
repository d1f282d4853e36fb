kb import civic $T/kb_import/civic_current.tsv --date 2026-11-01 --kb $T/kb_import/kb -o $T/../../build/golden_kb_import_civic --force
