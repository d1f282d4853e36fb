profile --no-version --pass-only $T/vcf/vep_csq.vcf
