design boin12 next --target 0.35 --efficacy 0.25 --n 3,6,0,0 --y 0,2,0,0 --eff 2,1,0,0 --current 2
