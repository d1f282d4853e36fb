design boin12 table --target 0.35 --efficacy 0.25 --max-n 6 --format md
