db info --db $T/db/missing.db
