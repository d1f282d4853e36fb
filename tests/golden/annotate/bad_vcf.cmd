annotate --no-version --kb $T/kb/mini --tumor-type LUAD $T/vcf/bad_pos.vcf
