report --no-version $T/classify/cases/CL-RESIST-C797S.json
