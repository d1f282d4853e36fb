design boin12 select --target 0.35 --efficacy 0.25 --n 3,6,9,0 --y 0,1,3,0 --eff 0,2,4,0
