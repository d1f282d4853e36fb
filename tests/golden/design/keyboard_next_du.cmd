design keyboard next --target 0.3 --n 3,3 --y 0,3 --current 2
