profile --no-version --input-format vcf $T/cli/garbage.bin
