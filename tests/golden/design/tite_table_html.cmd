design tite-boin table --target 0.3 --max-n 3 --format html
