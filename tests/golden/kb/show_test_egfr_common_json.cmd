kb show TEST-EGFR-COMMON --json --kb $T/kb/mini
