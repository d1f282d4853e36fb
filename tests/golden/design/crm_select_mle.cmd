design crm select --target 0.2 --skeleton 0.05,0.10,0.20,0.35,0.50,0.70 --levels 3,4,4,3,3,4,3,2,2,2 --dlt 0,0,1,0,0,1,1,0,0,0 --method mle
