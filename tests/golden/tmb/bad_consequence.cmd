profile --tmb --panel-size 1.2 --tmb-consequences missense,silent $T/tmb/panel.bed
