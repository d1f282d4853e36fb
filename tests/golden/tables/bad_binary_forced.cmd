profile --no-version --input-format maf $T/tables/binary.dat
