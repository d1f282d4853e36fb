report --no-version $T/classify/cases/CL-NRG1.json --format html
