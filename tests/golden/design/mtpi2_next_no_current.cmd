design mtpi2 next --target 0.3 --n 3,3 --y 0,1
