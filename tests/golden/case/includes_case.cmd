profile --no-version $T/case/includes-case.json
