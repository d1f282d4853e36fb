db import --db sqlite:/nonexistent/registry.db tests/data/case
