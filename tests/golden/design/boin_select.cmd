design boin select --target 0.3 --n 3,3,15,9,0 --y 0,0,4,4,0
