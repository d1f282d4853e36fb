report --no-version $T/classify/cases/CL-BAD-CHANGE.json
