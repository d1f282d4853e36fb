report --no-version --format md $T/classify/cases/CL-RESIST-C797S.json
