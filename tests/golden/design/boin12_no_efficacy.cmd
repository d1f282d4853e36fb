design boin12 table --target 0.35
