profile --tmb --panel-size 1.2 --tmb-preset f1 $T/tmb/panel.bed
