profile --no-version $T/case/bad-format.json
