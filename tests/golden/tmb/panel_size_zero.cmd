profile --tmb --panel-size 0 $T/tmb/panel.bed
