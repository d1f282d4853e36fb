design tite-boin table --target 0.2 --max-n 9 --cohort-size 3 --format md
