report --no-version $T/classify/cases/CL-NO-ASSAY.json
