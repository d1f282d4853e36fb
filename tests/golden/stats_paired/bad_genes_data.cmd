stats paired --data $T/stats/paired_study/data_clinical_sample.txt --timepoint TIMEPOINT --before Pre --after On --genes
