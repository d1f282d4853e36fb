report --no-version $T/classify/cases/CL-RESIST-T790M.json --format html
