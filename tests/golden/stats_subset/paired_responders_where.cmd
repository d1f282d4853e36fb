stats paired --study $T/stats/paired_study --timepoint TIMEPOINT --before Pre --after On --count MUTATION_COUNT --where 'RESPONSE in CR|PR'
