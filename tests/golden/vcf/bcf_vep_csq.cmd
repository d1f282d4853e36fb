profile --no-version $T/vcf/vep_csq.bcf
