profile --tmb $T/tmb/panel.bed
