phase1 assign --trial NCT00000001 --patient P1
