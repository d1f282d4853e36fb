design waterfall next --target 0.3 --n '6,0,0,0;6,10,12,0;9,12,0,0' --y '0,0,0,0;1,1,4,0;2,3,0,0' --current 2,3 --subtrial-done
