report --format pdf $T/classify/cases/CL-ALK.json
