profile --no-version --format json $T/case/samples.json
