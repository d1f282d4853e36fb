design i3+3 simulate --target 0.3 --truth 0.1,0.2
