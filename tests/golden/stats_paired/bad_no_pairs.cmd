stats paired --study $T/stats/paired_study --timepoint TIMEPOINT --before Pre --after Later --count MUTATION_COUNT
