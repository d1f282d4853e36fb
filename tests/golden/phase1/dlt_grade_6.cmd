phase1 dlt --trial NCT00000001 --patient P1 --term Diarrhea --grade 6
