db trials load --db sqlite:/nonexistent/registry.db tests/data/store_trials/bad
