kb lookup EGFR L858R --tumor-type MEL --format json --kb $T/kb/mini
