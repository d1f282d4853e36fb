design boin12 select --target 0.35 --efficacy 0.25 --n 3,3 --y 2,0 --eff 2,0 --both 0,0
