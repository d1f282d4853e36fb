design keyboard table --target 0.3 --max-n 12 --format md
