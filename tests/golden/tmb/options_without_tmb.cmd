profile --panel-size 1.2 $T/tmb/panel.bed
