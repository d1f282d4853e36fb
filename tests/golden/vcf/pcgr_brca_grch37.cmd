profile --no-version --genome GRCh37 $SHARED/test-inputs/pcgr/T001-BRCA.grch37.vcf.gz
