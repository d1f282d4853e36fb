report --format html $T/classify/cases/CL-ALK.json
