kb validate --kb $T/kb/nope
