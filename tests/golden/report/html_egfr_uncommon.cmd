report --no-version $T/classify/cases/CL-EGFR-UNCOMMON.json --format html
