report --no-version --tumor-type NOTACODE $T/classify/cases/CL-ALK.json
