report --no-version examples/cases/SYN-KRAS-01.json --trials trials --comparison-date 2026-11-29 --format md
