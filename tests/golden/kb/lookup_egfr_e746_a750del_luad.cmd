kb lookup EGFR E746_A750del --tumor-type LUAD --kb $T/kb/mini
