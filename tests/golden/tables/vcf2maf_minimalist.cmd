profile --no-version --genome GRCh37 $SHARED/test-inputs/vcf2maf/minimalist_test_maf.tsv
