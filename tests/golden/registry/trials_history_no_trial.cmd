db trials history --db sqlite:/nonexistent/registry.db
