design tite-boin simulate --target 0.3 --truth 0.1,0.2 --dlt-window 1
