#!/usr/bin/env bash
# Run a command against a local PostgreSQL, installed from the system's (Debian) packages.
#
#   bash .ci/postgres.sh python3 dev.py test
#
# Installs postgresql with apt-get if it is missing, starts the first cluster (creating one if
# none exists), creates a role and a database for the archive (the role may create databases,
# because pytest-django creates its own test_* database), then runs the command with
# DATABASE_URL pointing there. Safe to run again: every step is skipped when already done.
set -euo pipefail

PGUSER_NAME="${PGUSER_NAME:-archive}"
PGPASSWORD_VALUE="${PGPASSWORD_VALUE:-archive-ci-password}"
PGDATABASE_NAME="${PGDATABASE_NAME:-archive}"
PGPORT_VALUE="${PGPORT_VALUE:-5432}"

if [ "$#" -eq 0 ]; then
  echo "usage: bash .ci/postgres.sh COMMAND [ARGS...]" >&2
  exit 2
fi

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sudo -u postgres sh -c "$*"
  fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "postgres.sh: installing PostgreSQL from the system packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -q "^${version}/"; then
  pg_createcluster "$version" main --port "$PGPORT_VALUE" >/dev/null
fi
cluster="$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $2; exit}')"
port="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')"
status="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start
fi

# Wait for the server to accept connections (it may still be recovering).
for _ in $(seq 1 30); do
  if as_postgres "pg_isready -q -p $port"; then break; fi
  sleep 1
done

psql_admin() { as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qtAc \"$1\""; }

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$PGUSER_NAME'")" != "1" ]; then
  psql_admin "CREATE ROLE $PGUSER_NAME LOGIN CREATEDB PASSWORD '$PGPASSWORD_VALUE'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE_NAME'")" != "1" ]; then
  psql_admin "CREATE DATABASE $PGDATABASE_NAME OWNER $PGUSER_NAME"
fi

export DATABASE_URL="postgres://${PGUSER_NAME}:${PGPASSWORD_VALUE}@127.0.0.1:${port}/${PGDATABASE_NAME}"
echo "postgres.sh: DATABASE_URL=postgres://${PGUSER_NAME}:***@127.0.0.1:${port}/${PGDATABASE_NAME}" >&2
exec "$@"
