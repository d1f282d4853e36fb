design tite-boin simulate --target 0.3 --truth 0,0,0 --cohorts 3 --accrual 1 --dlt-window 3 --trials 3
