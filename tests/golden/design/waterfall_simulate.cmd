design waterfall simulate --target 0.3 --truth '0.03,0.10,0.20;0.05,0.15,0.30' --trials 400 --seed 3 --threads 2
