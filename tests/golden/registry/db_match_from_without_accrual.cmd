db match --db sqlite:/nonexistent/registry.db --from 2026-01
