match --trials trials --db sqlite:/nonexistent/registry.db --matchminer a b
