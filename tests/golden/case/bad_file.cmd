profile --no-version $T/case/bad-file.json
