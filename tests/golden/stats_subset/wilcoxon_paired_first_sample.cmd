stats wilcoxon --study $T/stats/paired_study --value MUTATION_COUNT --group RESPONSE --where 'RESPONSE in CR|PD'
