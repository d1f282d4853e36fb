profile --no-version $T/vcf/long_line.vcf.gz
