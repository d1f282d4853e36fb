design crm next --target 0.2 --skeleton 0.05,0.10,0.20,0.35,0.50,0.70 --levels 1,1,1 --dlt 0,0,0 --method mle
