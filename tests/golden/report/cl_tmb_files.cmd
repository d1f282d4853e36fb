report --no-version $T/classify/cases/CL-TMB-FILES.json
