report --no-version $T/classify/cases/CL-BAD-PDL1.json
