profile --no-version $T/case/samples.json
