kb show --kb $T/kb/mini
