stats score --model loris-nsclc --data $SHARED/cohorts/loris_chang_2024/Shim_NSCLC.tsv --response Response --summary
