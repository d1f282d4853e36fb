kb import civic $T/kb_import/civic_legacy_v1.tsv --date 2026-11-01 --kb $T/kb_import/kb -o $T/../../build/golden_kb_import_legacy --force
