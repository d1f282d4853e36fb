profile --no-version --format json examples/cases/SYN-KRAS-01.json
