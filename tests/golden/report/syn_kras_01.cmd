report --no-version $T/case/SYN-KRAS-01.json
