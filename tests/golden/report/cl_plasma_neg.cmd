report --no-version $T/classify/cases/CL-PLASMA-NEG.json
