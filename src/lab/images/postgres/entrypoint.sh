#!/bin/bash
# Lab PostgreSQL 15 entrypoint, a small cousin of the official image's:
# - initialises a cluster in $PGDATA (default /var/lib/postgresql/data) when
#   it holds none; local connections are trusted (docker exec psql just works),
#   and so are TCP connections from anywhere (lab only!) unless
#   POSTGRES_PASSWORD is set: then it is the superuser's password and TCP
#   clients need it (scram-sha-256). POSTGRES_HOST_AUTH_METHOD overrides that.
# - POSTGRES_USER (default postgres) names the superuser, POSTGRES_DB (default
#   that user) a database to create.
# - runs postgres in the foreground as user postgres, as PID 1.
# Any other command ("docker run IMAGE bash") is run as is.
set -euo pipefail

# "docker run IMAGE -c foo=bar" passes server options.
if [[ ${1:-} == -* ]]; then set -- postgres "$@"; fi
if [[ ${1:-} != postgres ]]; then exec "$@"; fi
shift

PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA

# Run "$@" as postgres (no su/gosu needed: setpriv is in util-linux).
as_postgres() {
  if [[ $(id -u) == 0 ]]; then
    setpriv --reuid=postgres --regid=postgres --init-groups "$@"
  else
    "$@"
  fi
}

prepare_dirs() {
  mkdir -p "$PGDATA" /run/postgresql
  if [[ $(id -u) == 0 ]]; then
    chown postgres:postgres "$PGDATA" /run/postgresql
  fi
  chmod 700 "$PGDATA"
}

init_cluster() {
  local user=${POSTGRES_USER:-postgres} db=${POSTGRES_DB:-${POSTGRES_USER:-postgres}}
  local host_auth pwfile="" pwopt=()
  if [[ -n ${POSTGRES_PASSWORD:-} ]]; then
    host_auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    chown postgres "$pwfile" 2>/dev/null || true
    pwopt=(--pwfile="$pwfile")
  else
    host_auth=${POSTGRES_HOST_AUTH_METHOD:-trust}
  fi
  echo "initialising a PostgreSQL 15 cluster in $PGDATA (TCP auth: $host_auth)"
  (cd / && as_postgres initdb -D "$PGDATA" -U "$user" --encoding=UTF8 \
    --locale=C.UTF-8 --auth-local=trust --auth-host="$host_auth" "${pwopt[@]}")
  [[ -z $pwfile ]] || rm -f "$pwfile"
  printf 'host all all 0.0.0.0/0 %s\nhost all all ::/0 %s\n' \
    "$host_auth" "$host_auth" >>"$PGDATA/pg_hba.conf"
  # jit = off: the image carries no LLVM (see lab.sh, slim_rootfs).
  printf "listen_addresses = '*'\njit = off\n" >>"$PGDATA/postgresql.conf"
  if [[ $db != postgres && $db != template* ]]; then
    # Single-user mode: no server to start and stop for one statement.
    # The name is quoted as an SQL identifier (inner quotes doubled).
    echo "creating database $db"
    printf 'CREATE DATABASE "%s";\n' "${db//\"/\"\"}" \
      | (cd / && as_postgres postgres --single -D "$PGDATA" postgres >/dev/null)
  fi
}

prepare_dirs
if [[ ! -s $PGDATA/PG_VERSION ]]; then
  init_cluster
fi
cd /
# exec: postgres is PID 1 and gets docker stop's SIGINT directly.
if [[ $(id -u) == 0 ]]; then
  exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" "$@"
fi
exec postgres -D "$PGDATA" "$@"
