db accrual --db sqlite:/nonexistent/registry.db --full
