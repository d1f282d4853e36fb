design boin-comb simulate --target 0.3 --truth '0.1,0.2;0.3,1.2' --cohorts 10
