kb lookup KRAS G12D --tumor-type LUAD
