profile --no-version --tumor-sample TCGA-97-7938-01A-11D-2167-08 --tmb --panel-size 1.5 --tmb-bed $T/tmb/bad.bed $SHARED/test-inputs/musicatk/public_LUAD_TCGA-97-7938.vcf
