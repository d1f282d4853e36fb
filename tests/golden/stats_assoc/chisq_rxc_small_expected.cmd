stats chisq --data $T/stats/assoc_categorical.tsv --a histology --b benefit
