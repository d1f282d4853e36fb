profile --no-version $T/tables/more_cells.maf
