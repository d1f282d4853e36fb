kb import civic $T/kb_import/civic_current.tsv
