report --no-version $T/classify/cases/CL-MET-EX14.json --format md
