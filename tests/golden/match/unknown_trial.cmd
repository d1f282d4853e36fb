match --trials trials --case examples/cases --trial NCT00000000
