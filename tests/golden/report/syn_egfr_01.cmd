report --no-version $T/case/SYN-EGFR-01.json
