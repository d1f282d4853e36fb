stats km --data $SHARED/cohorts/tmb_mskcc_2018/tmb_mskcc_2018_clinical_data.tsv --time 'Overall Survival (Months)' --event 'Overall Survival Status' --group 'Drug Type' --times 12,24
