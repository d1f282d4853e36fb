db export --db sqlite:/nonexistent/registry.db --format research -o /nonexistent/out
