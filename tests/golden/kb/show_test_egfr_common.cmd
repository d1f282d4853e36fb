kb show TEST-EGFR-COMMON --kb $T/kb/mini
