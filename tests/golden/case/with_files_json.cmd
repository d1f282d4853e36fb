profile --no-version --json $T/case/with-files.json
