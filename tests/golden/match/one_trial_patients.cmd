match --trials trials --case examples/cases/SYN-KRAS-01.json --case examples/cases/SYN-EGFR-01.json --trial NCT06497556 --all --comparison-date 2026-11-29
