report --no-version $T/classify/cases/CL-BRAF-OTHER.json --format md
