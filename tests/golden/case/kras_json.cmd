profile --no-version --format json $T/case/SYN-KRAS-01.json
