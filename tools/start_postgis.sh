#!/usr/bin/env bash
# Starts a local PostgreSQL 15 + PostGIS for the "[postgis]" tests, idempotently (Debian 12,
# run as root): installs postgresql-15-postgis-3 if missing, starts cluster 15/main, creates
# the superuser role "root", the database and the postgis extension if missing. Prints the
# GDAL connection string on stdout, e.g.
#   export ASSETMAP_TEST_PG="$(tools/start_postgis.sh)"
# Database name: $1, else $ASSETMAP_PG_DATABASE, else assetmap_test.
set -euo pipefail

db="${1:-${ASSETMAP_PG_DATABASE:-assetmap_test}}"
log() { echo "start_postgis: $*" >&2; }

if ! dpkg-query -W -f='${Status}' postgresql-15-postgis-3 2>/dev/null | grep -q "ok installed"; then
    log "installing postgresql-15-postgis-3"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql-15-postgis-3 >&2
fi

if ! pg_lsclusters -h 2>/dev/null | awk '$1 == "15" && $2 == "main"' | grep -q .; then
    log "creating cluster 15/main"
    pg_createcluster 15 main >&2
fi
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" {print $4}' | grep -q online; then
    log "starting cluster 15/main"
    pg_ctlcluster 15 main start >&2
fi
for _ in $(seq 1 30); do
    su postgres -c "pg_isready -q" && break
    sleep 1
done

if [ "$(su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'root'\"")" != 1 ]; then
    log "creating role root"
    su postgres -c "createuser -s root" >&2
fi
if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    log "creating database $db"
    createdb "$db" >&2
fi
PGOPTIONS="-c client_min_messages=warning" psql -q -v ON_ERROR_STOP=1 -d "$db" \
    -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2

echo "PG:dbname=$db"
