profile $T/cli/no_such_file.vcf
