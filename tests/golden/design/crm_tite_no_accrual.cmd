design crm simulate --target 0.2 --skeleton 0.05,0.10,0.20,0.35,0.50,0.70 --truth 0.10,0.20,0.40,0.50,0.60,0.65 --max-n 24 --tite --dlt-window 6
