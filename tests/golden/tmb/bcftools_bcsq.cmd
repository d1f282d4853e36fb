profile --no-version --tmb --panel-size 1 $T/vcf/bcftools_bcsq.vcf
