profile --no-version --tmb --panel-size 1 $T/vcf/snpeff_ann.vcf
