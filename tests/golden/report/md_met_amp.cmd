report --no-version $T/classify/cases/CL-MET-AMP.json --format md
