#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temp dir,
# start it on a free loopback port, export DATABASE_URL, run the command, then
# stop and remove the cluster (also when the command fails).
set -euo pipefail

find_bin() {
  command -v "$1" 2>/dev/null && return
  ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
INITDB=$(find_bin initdb || true)
PG_CTL=$(find_bin pg_ctl || true)
if [ -z "$INITDB" ] || [ -z "$PG_CTL" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL binaries (initdb, pg_ctl) are missing; CI requires them." >&2
    exit 1
  fi
  echo "PostgreSQL not installed here: skipping the PostgreSQL run."
  exit 0
fi

PGDIR=$(mktemp -d /tmp/cramplog-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = "0" ]; then
    chown -R postgres "$PGDIR"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
PGUSER_NAME=$([ "$(id -u)" = "0" ] && echo postgres || id -un)
cleanup() {
  as_pg "$PG_CTL" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT INT TERM

as_pg "$INITDB" -D "$PGDIR/data" -U "$PGUSER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_CTL" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export DATABASE_URL="postgres://$PGUSER_NAME@127.0.0.1:$PORT/cramplog"
echo "PostgreSQL $("$PG_CTL" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
