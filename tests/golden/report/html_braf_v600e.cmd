report --no-version $T/classify/cases/CL-BRAF-V600E.json --format html
