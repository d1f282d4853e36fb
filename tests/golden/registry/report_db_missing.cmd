report --db sqlite:/nonexistent/registry.db --patient P1
