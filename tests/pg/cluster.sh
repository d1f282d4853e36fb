#!/bin/sh
# tests/pg/cluster.sh: a throwaway PostgreSQL cluster for the registry tests.
#
#     sh tests/pg/cluster.sh start DIR   prints the postgresql:// URL of a fresh test database
#     sh tests/pg/cluster.sh stop DIR    stops the server and removes DIR
#     sh tests/pg/cluster.sh crash DIR   an immediate shutdown (no checkpoint, as after a power
#                                        cut of the server process) and a restart, which
#                                        replays the WAL: the crash tests' fault
#     sh tests/pg/cluster.sh bin         prints the folder of the server binaries (exit 1: none)
#
# The cluster lives in DIR (created when absent; its parent must be traversable): data in
# DIR/data, the log in DIR/server.log, and the server's only way in is a Unix socket in DIR
# (listen_addresses is empty, so no TCP port is opened and clusters of parallel runs cannot
# collide). pg_hba.conf trusts that socket and nothing else. fsync and full_page_writes keep
# their safe defaults; pages carry checksums (initdb --data-checksums, the default from 18 on).
#
# initdb and the server refuse to run as root: when run as root, DIR is given to the Debian
# `postgres` account and initdb/pg_ctl run as it (runuser); otherwise as the current user. The
# database user is the account that ran initdb, the cluster's superuser, so that the tests can
# create a database per run.
set -eu

PORT=5432 # the socket's name only (DIR/.s.PGSQL.5432): nothing listens on TCP
DBNAME=oncoboard_test

pg_bin() {
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
    done
    return 1
}

# Runs a server binary as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

start() {
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    [ "$(id -u)" -eq 0 ] && chown "$OWNER" "$DIR"
    as_owner "$BIN/initdb" -D "$DIR/data" -U "$OWNER" -E UTF8 --locale=C --data-checksums \
        --auth=trust --no-instructions >"$DIR/initdb.log" 2>&1 ||
        { cat "$DIR/initdb.log" >&2; echo "cluster.sh: initdb failed" >&2; exit 1; }
    # Only the socket, trusted; a small server that starts fast.
    printf 'local all all trust\n' >"$DIR/data/pg_hba.conf"
    cat >>"$DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$DIR'
port = $PORT
max_connections = 40
shared_buffers = 16MB
fsync = on
full_page_writes = on
EOF
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start >/dev/null ||
        { cat "$DIR/server.log" >&2; echo "cluster.sh: the server did not start" >&2; exit 1; }
    "$BIN/psql" -X -q -h "$DIR" -p "$PORT" -U "$OWNER" -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE $DBNAME" >/dev/null
    echo "postgresql:///$DBNAME?host=$DIR&port=$PORT&user=$OWNER"
}

stop() {
    if [ -f "$DIR/data/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -w -t 30 -m fast stop >/dev/null 2>&1 ||
            as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

crash() {
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null ||
        { tail -20 "$DIR/server.log" >&2; echo "cluster.sh: the server did not restart" >&2; exit 1; }
}

[ $# -ge 1 ] || { echo "usage: cluster.sh start|stop|crash DIR | bin" >&2; exit 2; }
BIN=$(pg_bin) || { [ "$1" = stop ] && exit 0; echo "cluster.sh: no PostgreSQL server in /usr/lib/postgresql/*/bin" >&2; exit 1; }
[ "$1" = bin ] && { echo "$BIN"; exit 0; }
[ $# -eq 2 ] || { echo "usage: cluster.sh start|stop|crash DIR" >&2; exit 2; }
case "$2" in /*) DIR=$2 ;; *) DIR=$(pwd)/$2 ;; esac
if [ "$(id -u)" -eq 0 ]; then
    OWNER=postgres
    id "$OWNER" >/dev/null 2>&1 || { echo "cluster.sh: running as root and there is no '$OWNER' account to run the server" >&2; exit 1; }
else
    OWNER=$(id -un)
fi
case "$1" in
start) start ;;
stop) stop ;;
crash) crash ;;
*) echo "usage: cluster.sh start|stop|crash DIR" >&2; exit 2 ;;
esac
