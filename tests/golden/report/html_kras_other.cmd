report --no-version $T/classify/cases/CL-KRAS-OTHER.json --format html
