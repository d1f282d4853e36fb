profile --no-version $T/case/full.json
