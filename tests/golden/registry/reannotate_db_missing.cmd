db reannotate --db sqlite:/nonexistent/registry.db
