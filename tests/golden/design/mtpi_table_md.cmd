design mtpi table --target 0.3 --max-n 6 --format md
