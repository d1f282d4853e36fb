kb lookup EGFR T790M --tumor-type MEL --kb $T/kb/mini
