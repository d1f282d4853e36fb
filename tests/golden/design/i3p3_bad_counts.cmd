design i3+3 next --target 0.3 --n 3,3 --y 0,4 --current 2
