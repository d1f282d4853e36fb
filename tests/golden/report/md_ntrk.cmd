report --no-version $T/classify/cases/CL-NTRK.json --format md
