db restore --db sqlite:/nonexistent/registry.db /nonexistent/backup.db
