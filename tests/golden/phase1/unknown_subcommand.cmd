phase1 frobnicate --trial NCT00000001
