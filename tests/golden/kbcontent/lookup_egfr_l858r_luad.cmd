kb lookup EGFR L858R --tumor-type LUAD
