design boin12 next --target 0.35 --efficacy 0.25 --u-both 70 --n 3 --y 1 --eff 1 --current 1
