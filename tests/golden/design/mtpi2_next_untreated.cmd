design mtpi2 next --target 0.3 --n 0,0 --y 0,0 --current 1
