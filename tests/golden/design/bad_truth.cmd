design boin simulate --target 0.3 --truth 0.1,1.5
