profile --no-version $T/case/bad-syntax.json
