design mtpi2 simulate --target 0.3 --truth 0.05,0.15,0.30,0.45,0.60 --trials 500 --seed 3
