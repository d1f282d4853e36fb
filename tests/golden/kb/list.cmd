kb list --kb $T/kb/mini
