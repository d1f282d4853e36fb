match --case examples/cases
