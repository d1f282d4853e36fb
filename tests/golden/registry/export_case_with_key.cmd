db export --db sqlite:/nonexistent/registry.db --format case --key /nonexistent/k -o /nonexistent/out
