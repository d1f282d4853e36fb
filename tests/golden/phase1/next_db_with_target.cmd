design boin next --db sqlite:/nonexistent/dir/registry.db --trial NCT00000001 --target 0.3
