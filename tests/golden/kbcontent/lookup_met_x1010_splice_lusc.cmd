kb lookup MET X1010_splice --tumor-type LUSC
