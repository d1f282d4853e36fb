design tite-boin next --target 0.2 --n 3,9,0 --y 0,2,0 --pending 0,3,0 --stft 2.5 --current 2
