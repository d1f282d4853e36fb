stats cor --data $SHARED/cohorts/luad_mskcc_2015/data_clinical_patient.txt --x NONSYNONYMOUS_MUTATION_BURDEN --y NEOANTIGEN_BURDEN --method spearman --json
