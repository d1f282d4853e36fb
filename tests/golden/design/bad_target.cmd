design boin table --target 0.7
