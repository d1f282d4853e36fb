report --no-version $T/classify/cases/CL-EGFR-EX20INS.json --format html
