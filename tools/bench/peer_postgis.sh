#!/usr/bin/env bash
# Peer of assetmap_bench: the point-in-polygon join done by PostGIS.
#
# usage: peer_postgis.sh POINTS_CSV AREAS_CSV COUNTS_OUT
#
# POINTS_CSV: "x,y" in EPSG:27700. AREAS_CSV: "code,wkt" (MULTIPOLYGON, EPSG:27700). Loads
# the areas with ogr2ogr and the points with COPY into a fresh database, builds GiST indexes
# on both, runs the join once to warm the cache, then times it again with psql's \timing:
#   SELECT a.code, count(*) FROM areas a JOIN pts p ON ST_Contains(a.geom, p.geom)
#   GROUP BY a.code
# Prints "RESULT points=N seconds=S" and writes the counts as "code,count" to COUNTS_OUT.
# Prints "SKIP reason" and exits with 3 when PostgreSQL/PostGIS is missing or will not start.
# Set-up on Debian 12: apt-get install -y postgresql-15-postgis-3; the script starts the
# cluster (pg_ctlcluster 15 main start) and makes the current user a superuser if needed.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    sed -n '2,15p' "$0" >&2
    exit 2
fi
points_csv=$1
areas_csv=$2
counts_out=$3
db=${ASSETMAP_BENCH_DB:-assetmap_bench}

skip() {
    echo "SKIP $*"
    exit 3
}

command -v psql >/dev/null || skip "psql not installed (apt-get install -y postgresql-15-postgis-3)"
command -v ogr2ogr >/dev/null || skip "ogr2ogr not installed (apt-get install -y gdal-bin)"
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null ||
    skip "PostGIS not installed (apt-get install -y postgresql-15-postgis-3)"

source "$(dirname "${BASH_SOURCE[0]}")/pg_peer_common.sh"
pg_peer_ready

dropdb --if-exists "$db" 2>/dev/null
createdb "$db"
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
psql_q -c 'CREATE EXTENSION postgis'

# Areas: ogr2ogr also builds the GiST index on geom.
ogr2ogr -f PostgreSQL "PG:dbname=$db" "$areas_csv" -nln areas -a_srs EPSG:27700 \
    -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO -nlt MULTIPOLYGON \
    -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST

psql_q <<SQL
CREATE UNLOGGED TABLE pts_xy (x float8, y float8);
\copy pts_xy FROM '$points_csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE pts AS
    SELECT ST_SetSRID(ST_MakePoint(x, y), 27700)::geometry(Point, 27700) AS geom FROM pts_xy;
DROP TABLE pts_xy;
CREATE INDEX pts_geom_idx ON pts USING GIST (geom);
VACUUM ANALYZE pts;
VACUUM ANALYZE areas;
SQL

n=$(psql_q -Atc 'SELECT count(*) FROM pts')
query="SELECT a.code, count(*) FROM areas a JOIN pts p ON ST_Contains(a.geom, p.geom)"
query+=" GROUP BY a.code"
psql_q -Atc "$query" >/dev/null  # warm-up
timing=$(psql_q -At -F, <<SQL
\o $counts_out.tmp
\timing on
$query;
SQL
)
ms=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$timing" | tail -1)
[[ -n $ms ]] || { echo "no timing in psql output: $timing"; exit 1; }
{ echo "code,count"; cat "$counts_out.tmp"; } >"$counts_out"
rm -f "$counts_out.tmp"
echo "postgis $(psql_q -Atc 'SELECT postgis_lib_version()')," \
    "PostgreSQL $(psql_q -Atc 'SHOW server_version'), jit=$(psql_q -Atc 'SHOW jit')," \
    "max_parallel_workers_per_gather=$(psql_q -Atc 'SHOW max_parallel_workers_per_gather')"
psql_q -Atc "EXPLAIN $query" | sed 's/^/plan: /'
echo "RESULT points=$n seconds=$(awk -v ms="$ms" 'BEGIN { printf "%.6f", ms / 1000 }')"
