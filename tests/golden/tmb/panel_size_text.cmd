profile --tmb --panel-size 1.2Mb $T/tmb/panel.bed
