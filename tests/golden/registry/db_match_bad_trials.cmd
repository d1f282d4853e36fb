db match --db sqlite:/nonexistent/registry.db --trials tests/data/store_trials/bad
