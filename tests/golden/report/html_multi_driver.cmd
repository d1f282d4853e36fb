report --no-version --format html $T/classify/cases/CL-MULTI-DRIVER.json
