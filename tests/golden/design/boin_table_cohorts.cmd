design boin table --target 0.3 --max-n 30 --cohort-size 3
