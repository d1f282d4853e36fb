profile --no-version $T/case/bad-types.json
