profile --no-version $T/vcf/snpeff_ann.vcf
