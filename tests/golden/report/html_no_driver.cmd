report --no-version $T/classify/cases/CL-NO-DRIVER.json --format html
