profile --no-version $T/vcf/bad_pos.vcf
