profile --no-version $T/cli/bom_case.json
