kb validate --kb $T/kb/broken
