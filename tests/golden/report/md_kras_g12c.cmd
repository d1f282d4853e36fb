report --no-version $T/classify/cases/CL-KRAS-G12C.json --format md
