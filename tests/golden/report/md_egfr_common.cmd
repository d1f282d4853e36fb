report --no-version $T/classify/cases/CL-EGFR-COMMON.json --format md
