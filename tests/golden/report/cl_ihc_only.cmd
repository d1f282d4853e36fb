report --no-version $T/classify/cases/CL-IHC-ONLY.json
