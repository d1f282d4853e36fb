profile --no-version $T/vcf/truncated.bcf
