report --no-version $T/classify/cases/CL-NOT-ASSESSABLE.json --format html
