profile --no-version $T/tables/no_variant.maf
