design crm select --target 0.2 --skeleton 0.3,0.2 --levels 1 --dlt 0
