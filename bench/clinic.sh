#!/bin/sh
# bench/clinic.sh: the patient list of the clinic's forms (onc_clinic_patients) on a registry of
# BENCH_PATIENTS (10,000) synthetic patients, filter by filter, BENCH_RUNS (20) times each: see
# bench/clinic_list.c for the registry it builds and what it prints. SQLite always; PostgreSQL too
# when a server is installed (the throwaway cluster of tests/pg/cluster.sh). Target (issue 6): a
# list with a filter well under 100 ms. The figures are copied by hand into docs/registry.md,
# "The clinic's forms". Run from the repository root after `make build/rel/liboncoboard.a`.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out/clinic
N=${BENCH_PATIENTS:-10000}
RUNS=${BENCH_RUNS:-20}
SEED=${BENCH_SEED:-20261129}
LIB=build/rel/liboncoboard.a
[ -f "$LIB" ] || { echo "bench: run make build/rel/liboncoboard.a" >&2; exit 2; }
mkdir -p "$OUT"
PKGS=$(sed -n 's/^PKGS *:= *//p' Makefile)
# shellcheck disable=SC2046,SC2086
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -Iinclude -Isrc \
    $(pkg-config --cflags $PKGS) -o "$OUT/clinic_list" bench/clinic_list.c "$LIB" $(pkg-config --libs $PKGS) -lm
DB="$OUT/registry.db"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.audit-key" "$DB.audit-checkpoints"
./oncoboard db init --db "sqlite:$DB" >/dev/null
echo "## SQLite, $N patients (name call_median_ms call_p90_ms query_median_ms rows total)"
"$OUT/clinic_list" "sqlite:$DB" "$N" "$RUNS" "$SEED"
if sh tests/pg/cluster.sh bin >/dev/null 2>&1; then
    PG_DIR=$(mktemp -d)
    chmod 755 "$PG_DIR"
    trap 'sh tests/pg/cluster.sh stop "$PG_DIR"' EXIT
    URL=$(sh tests/pg/cluster.sh start "$PG_DIR")
    export ONCOBOARD_AUDIT_KEY="$PG_DIR/audit-key" ONCOBOARD_AUDIT_CHECKPOINTS="$PG_DIR/audit-checkpoints"
    ./oncoboard db init --db "$URL" >/dev/null
    echo "## PostgreSQL, $N patients"
    "$OUT/clinic_list" "$URL" "$N" "$RUNS" "$SEED"
fi
