db import --format cbioportal --dry-run --db sqlite:$(rm -f build/golden-cbio.db*; ./oncoboard db init --db sqlite:build/golden-cbio.db >/dev/null && echo build/golden-cbio.db) $T/cbio/mini
