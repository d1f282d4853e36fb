design mtpi next --target 0.3 --n 9,0,0,0,0 --y 2,0,0,0,0 --current 1
