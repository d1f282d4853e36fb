kb validate --kb $T/kb/mini
