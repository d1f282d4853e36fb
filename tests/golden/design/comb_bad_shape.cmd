design boin-comb select --target 0.3 --n '3;3' --y '0;0'
