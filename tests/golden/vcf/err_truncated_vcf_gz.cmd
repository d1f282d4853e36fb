profile --no-version $T/vcf/truncated.vcf.gz
