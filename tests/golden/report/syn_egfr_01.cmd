report --no-version examples/cases/SYN-EGFR-01.json
