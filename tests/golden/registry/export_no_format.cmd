db export --db sqlite:/nonexistent/registry.db -o /nonexistent/out
