profile --no-version $T/case/bad-vaf.json
