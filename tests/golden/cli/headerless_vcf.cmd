profile $T/cli/headerless.vcf
