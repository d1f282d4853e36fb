db reannotate --db sqlite:/nonexistent/registry.db --kb /nonexistent/kb
