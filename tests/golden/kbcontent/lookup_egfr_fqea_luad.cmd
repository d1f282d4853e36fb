kb lookup EGFR A763_Y764insFQEA --tumor-type LUAD
