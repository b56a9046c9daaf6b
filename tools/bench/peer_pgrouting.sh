#!/usr/bin/env bash
# Peer of assetmap_bench_network: the shortest paths done by pgRouting.
#
# usage: peer_pgrouting.sh EDGES_CSV TARGETS_CSV SUPER_SOURCE OUT_CSV [REPEAT [TIMEOUT_S]]
#
# EDGES_CSV "source,target,cost": an undirected graph in which every source and target is
# already a node and SUPER_SOURCE is joined to each source by its snap distance.
# TARGETS_CSV "idx,node". Loads both with COPY into a fresh database (edges get an id),
# then times with psql's \timing, REPEAT times (default 1), best reported:
#   CREATE UNLOGGED TABLE res AS SELECT end_vid, agg_cost FROM pgr_dijkstraCost(
#     'SELECT id, source, target, cost FROM edges', SUPER_SOURCE,
#     (SELECT array_agg(node) FROM targets), directed => false)
# (pgRouting reads the edges through its SQL argument at every call: that is part of its
# time.) Prints "RESULT points=N seconds=S", writes "idx,distance" to OUT_CSV and drops the
# database. Prints "SKIP reason" and exits with 3 when PostgreSQL/pgRouting is missing or
# will not start, or when the query runs over TIMEOUT_S seconds (default 120;
# statement_timeout).
# Set-up on Debian 12: apt-get install -y postgresql-15-pgrouting (PostgreSQL 15 + PostGIS
# from tools/start_postgis.sh); the script starts the cluster and makes the current user a
# superuser if needed.
set -euo pipefail

if [[ $# -lt 4 || $# -gt 6 ]]; then
    sed -n '2,20p' "$0" >&2
    exit 2
fi
edges_csv=$1
targets_csv=$2
super_source=$3
out_csv=$4
repeat=${5:-1}
timeout_s=${6:-120}
db=${ASSETMAP_BENCH_NET_DB:-assetmap_bench_network}

skip() {
    echo "SKIP $*"
    exit 3
}

command -v psql >/dev/null || skip "psql not installed (apt-get install -y postgresql-15-pgrouting)"
compgen -G "/usr/share/postgresql/*/extension/pgrouting.control" >/dev/null ||
    skip "pgRouting not installed (apt-get install -y postgresql-15-pgrouting)"

source "$(dirname "${BASH_SOURCE[0]}")/pg_peer_common.sh"
pg_peer_ready

dropdb --if-exists "$db" 2>/dev/null
createdb "$db"
psql_q() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
psql_q -c 'CREATE EXTENSION pgrouting CASCADE'

psql_q <<SQL
CREATE UNLOGGED TABLE edges (id bigserial PRIMARY KEY, source bigint, target bigint,
                             cost float8);
\copy edges (source, target, cost) FROM '$edges_csv' WITH (FORMAT csv, HEADER true)
CREATE UNLOGGED TABLE targets (idx bigint, node bigint);
\copy targets FROM '$targets_csv' WITH (FORMAT csv, HEADER true)
VACUUM ANALYZE edges;
VACUUM ANALYZE targets;
SQL

n=$(psql_q -Atc 'SELECT count(*) FROM targets')
query="CREATE UNLOGGED TABLE res AS SELECT end_vid, agg_cost FROM pgr_dijkstraCost("
query+="'SELECT id, source, target, cost FROM edges', $super_source,"
query+=" (SELECT array_agg(node) FROM targets), directed => false)"
script="SET statement_timeout = '${timeout_s}s';"$'\n'"\\timing on"$'\n'
for _ in $(seq 1 "$repeat"); do
    script+="DROP TABLE IF EXISTS res;"$'\n'"$query;"$'\n'
done
if ! timing=$(psql_q -At <<<"$script" 2>&1); then
    grep -q 'statement timeout' <<<"$timing" && skip "the query ran over ${timeout_s} s"
    echo "$timing"
    exit 1
fi
ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$timing" | grep -v '^$' |
    awk 'NR % 2 == 0' | sort -g | head -1)  # every second Time line is the CREATE
[[ -n $ms ]] || { echo "no timing in psql output: $timing"; exit 1; }

copy_out="\\copy (SELECT t.idx, r.agg_cost FROM res r JOIN targets t ON t.node = r.end_vid"
copy_out+=" ORDER BY t.idx) TO '$out_csv' WITH (FORMAT csv, HEADER true)"
psql_q -c "$copy_out"
echo "pgrouting $(psql_q -Atc 'SELECT pgr_version()')," \
    "PostgreSQL $(psql_q -Atc 'SHOW server_version'), edges $(psql_q -Atc 'SELECT count(*) FROM edges')"
dropdb "$db"  # the full synthetic graph takes about a gigabyte
echo "RESULT points=$n seconds=$(awk -v ms="$ms" 'BEGIN { printf "%.6f", ms / 1000 }')"
