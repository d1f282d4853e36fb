stats score --model loris-nsclc --data $T/stats/score_bad.tsv
