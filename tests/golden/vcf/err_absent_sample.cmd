profile --no-version --tumor-sample NOPE $T/vcf/vep_csq.vcf
