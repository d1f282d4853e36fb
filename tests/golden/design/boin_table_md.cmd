design boin table --target 0.25 --max-n 12 --format md
