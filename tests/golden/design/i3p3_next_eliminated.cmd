design i3+3 next --target 0.3 --n 6,3,0 --y 0,0,0 --current 2 --eliminated-from 3
