trials import-ctgov $SHARED/ctgov/raw_v2/NCT05048797.json
