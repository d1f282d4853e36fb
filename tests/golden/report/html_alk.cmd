report --no-version $T/classify/cases/CL-ALK.json --format html
