design boin select --db sqlite:/nonexistent/dir/registry.db --trial NCT00000001
