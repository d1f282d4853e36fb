match --trials $T/match/malformed.json --case examples/cases
