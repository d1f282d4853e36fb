report --no-version examples/cases/SYN-ALK-01.json
