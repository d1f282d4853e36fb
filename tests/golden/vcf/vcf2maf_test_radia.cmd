profile --no-version --tumor-sample DNA_TUMOR $SHARED/test-inputs/vcf2maf/test_radia.vcf
