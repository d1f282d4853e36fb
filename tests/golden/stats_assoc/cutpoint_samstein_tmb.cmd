stats cutpoint --data "$SHARED/cohorts/tmb_mskcc_2018/tmb_mskcc_2018_clinical_data.tsv" --marker "TMB Score" --time "Overall Survival (Months)" --event "Overall Survival Status" --json
