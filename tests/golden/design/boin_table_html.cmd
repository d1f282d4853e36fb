design boin table --target 0.25 --max-n 9 --cohort-size 3 --format html
