profile --tmb --panel-size 1.2 --tmb-min-vaf 5 $T/tmb/panel.bed
