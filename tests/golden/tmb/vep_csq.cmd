profile --no-version --tmb --panel-size 1 $T/vcf/vep_csq.vcf
