db backup --force --db sqlite:/nonexistent/registry.db b.db
