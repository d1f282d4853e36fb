profile --no-version --format json $T/vcf/vep_csq.vcf
