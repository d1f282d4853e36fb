design keyboard select --target 0.3 --n 3,6,9,3 --y 0,1,3,2
