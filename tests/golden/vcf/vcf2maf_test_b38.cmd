profile --no-version $SHARED/test-inputs/vcf2maf/test_b38.vcf
