design boin select --target 0.3 --n 3,3 --y 4,0
