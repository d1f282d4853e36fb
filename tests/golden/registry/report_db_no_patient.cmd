report --db sqlite:/nonexistent/registry.db
