stats score --model loris-nsclc --data $SHARED/cohorts/loris_chang_2024/Ravi_NSCLC.tsv --response Response --summary
