stats score --model loris-pancancer --data $SHARED/cohorts/loris_chang_2024/MSK2.tsv --response Response --summary --json
