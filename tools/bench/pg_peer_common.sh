# Shared by the PostgreSQL peers (peer_postgis.sh, peer_pgrouting.sh): start the local
# cluster if it is down and make sure the current user can connect; otherwise `skip` (defined
# by the caller) with the command that fixes it.
pg_peer_ready() {
    if ! pg_isready -q; then
        if command -v pg_ctlcluster >/dev/null; then
            pg_ctlcluster 15 main start >/dev/null 2>&1 || true
        fi
        for _ in $(seq 1 20); do
            pg_isready -q && break
            sleep 0.5
        done
        pg_isready -q ||
            skip "PostgreSQL is not running and could not be started (pg_ctlcluster 15 main start)"
    fi
    if ! psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
        if [[ $(id -u) -eq 0 ]]; then
            su postgres -c "createuser -s $(id -un)" >/dev/null 2>&1 || true
        fi
        psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1 ||
            skip "cannot connect to PostgreSQL as $(id -un)" \
                "(su postgres -c \"createuser -s $(id -un)\")"
    fi
}
