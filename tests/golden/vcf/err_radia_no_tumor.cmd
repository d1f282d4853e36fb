profile --no-version $SHARED/test-inputs/vcf2maf/test_radia.vcf
