report --no-version $T/classify/cases/CL-MULTI-DRIVER.json
