match --trials $T/match/malformed.yaml --case examples/cases
