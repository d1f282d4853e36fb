profile --no-version $T/case/with-files.json
