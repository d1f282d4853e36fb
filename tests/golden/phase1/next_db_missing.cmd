design boin next --db sqlite:/nonexistent/dir/registry.db --trial NCT00000001
