design compare --designs boin --scenarios tests/data/design/bad-scenarios.csv --target 0.3
