design i3+3 schedule --target 0.3 --n 3 --y 0
