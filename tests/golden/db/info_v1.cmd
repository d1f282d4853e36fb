db info --db $T/db/registry-v1.db
