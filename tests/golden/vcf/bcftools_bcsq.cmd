profile --no-version $T/vcf/bcftools_bcsq.vcf
