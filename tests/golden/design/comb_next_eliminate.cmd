design boin-comb next --target 0.3 --n '3,3,0;3,3,0;0,0,0' --y '0,0,0;1,3,0;0,0,0' --current 2,2
