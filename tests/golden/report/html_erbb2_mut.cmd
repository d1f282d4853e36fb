report --no-version $T/classify/cases/CL-ERBB2-MUT.json --format html
