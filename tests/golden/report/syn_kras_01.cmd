report --no-version examples/cases/SYN-KRAS-01.json
