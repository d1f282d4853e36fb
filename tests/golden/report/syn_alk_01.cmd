report --no-version $T/case/SYN-ALK-01.json
