db import --format cbioportal --db sqlite:/nonexistent/registry.db $T/cbio/bad
