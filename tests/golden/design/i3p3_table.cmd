design i3+3 table --target 0.25 --max-n 12
