design waterfall select --target 0.3 --n '3,3,6;3,6,0' --y '0,0,1;0,2,0'
