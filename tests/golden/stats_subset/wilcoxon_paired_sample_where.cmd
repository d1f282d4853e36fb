stats wilcoxon --study $T/stats/paired_study --sample-where TIMEPOINT=On --value MUTATION_COUNT --group RESPONSE --where 'RESPONSE in CR|PD' --format json
