profile --no-version $T/case/missing-file.json
