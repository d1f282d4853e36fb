kb validate --kb $T/kb/broken --format json
