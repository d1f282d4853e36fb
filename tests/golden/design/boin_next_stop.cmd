design boin next --target 0.3 --n 3,0,0 --y 3,0,0 --current 1
