profile --no-version --tmb --panel-size 1 --tmb-preset coding-and-silent $T/vcf/vep_csq.vcf
