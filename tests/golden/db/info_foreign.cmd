db info --db $T/db/not-a-registry.db
