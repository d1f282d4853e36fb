profile --no-version $T/tables/bad_depth.maf
