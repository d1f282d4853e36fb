kb show NOPE --kb $T/kb/mini
