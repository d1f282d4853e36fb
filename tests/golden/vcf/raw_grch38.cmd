profile --no-version $T/vcf/raw_grch38.vcf
