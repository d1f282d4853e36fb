profile --no-version $T/vcf/raw_grch37_nochr.vcf
