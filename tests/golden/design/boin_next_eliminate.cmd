design boin next --target 0.3 --n 3,6,18,3,0 --y 0,1,5,3,0 --current 4
