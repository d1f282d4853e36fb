design compare --designs boin,tite-boin --truth 0.05,0.15,0.30,0.45,0.60 --target 0.3 --dlt-window 0 --trials 500 --seed 3 --format md
