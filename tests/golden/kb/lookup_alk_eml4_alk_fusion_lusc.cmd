kb lookup ALK 'EML4-ALK Fusion' --tumor-type LUSC --kb $T/kb/mini
