stats wilcoxon --data $T/stats/assoc_categorical.tsv --value tmb --group benefit --json
