report --no-version $T/classify/cases/CL-GERMLINE.json
