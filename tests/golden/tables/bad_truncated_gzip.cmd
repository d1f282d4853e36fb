profile --no-version $T/tables/truncated.maf.gz
