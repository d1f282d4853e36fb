report --no-version $T/classify/cases/CL-ERBB2-AMP.json --format md
