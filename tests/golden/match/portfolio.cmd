match --trials trials --case examples/cases --comparison-date 2026-11-29
