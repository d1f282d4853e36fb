profile --no-version --json --tmb --panel-size 0.8 --tmb-min-depth 100 --tmb-min-vaf 0.05 $T/tmb/small.maf
