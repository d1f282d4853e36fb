kb list --gene EGFR --format json --kb $T/kb/mini
