db info --db sqlite:$T/db/registry-v99.db
