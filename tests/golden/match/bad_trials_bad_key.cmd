match --trials $T/match/bad_key.yaml --case examples/cases
