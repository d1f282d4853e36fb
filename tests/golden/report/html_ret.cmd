report --no-version $T/classify/cases/CL-RET.json --format html
