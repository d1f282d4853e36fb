#!/bin/sh
# remake.sh: makes registry-v1.db and registry-v99.db again from this build's schema, as
# README.md describes (run from the repository root after `make`, whenever a part of version 1
# changes before version 1 is released).
set -eu
dir=tests/data/db
for v in 1 99; do
    f=$dir/registry-v$v.db
    rm -f "$f" "$f"-wal "$f"-shm "$f".audit-key "$f".audit-checkpoints
    ./oncoboard db init --db "sqlite:$f" >/dev/null
    python3 - "$f" "$v" <<'PY'
import sqlite3, sys
path, version = sys.argv[1], sys.argv[2]
con = sqlite3.connect(path)
con.execute("UPDATE oncoboard_meta SET value = '2026-11-29T00:00:00Z' WHERE key = 'created_at'")
con.execute("UPDATE oncoboard_meta SET value = ? WHERE key = 'schema_version'", (version,))
con.commit()
con.execute("PRAGMA journal_mode=DELETE")
con.execute("VACUUM")
con.close()
PY
    rm -f "$f".audit-key "$f".audit-checkpoints
done
