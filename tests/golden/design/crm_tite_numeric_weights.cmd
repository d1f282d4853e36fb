design crm next --target 0.2 --skeleton 0.1,0.2,0.3 --levels 1,1 --dlt 0,1 --tite --followup 10,5 --dlt-window 30 --weights 0.5,1
