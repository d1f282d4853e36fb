phase1 setup --trial NCT00000001 --design crm --target 0.25 --dose a --dose b --dose c --cohort-size 1 --sample-size 20 --skeleton 0.1,0.2
