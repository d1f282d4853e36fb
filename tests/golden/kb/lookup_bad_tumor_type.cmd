kb lookup EGFR L858R --tumor-type LUNGS --kb $T/kb/mini
