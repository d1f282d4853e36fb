design 3+3 simulate --truth 0.05,0.15,0.3,0.45,0.6 --exact --variant B
