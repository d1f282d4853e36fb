kb lookup KRAS Q61H --tumor-type LUAD --kb $T/kb/mini
