#!/usr/bin/env bash
# Peer of assetmap_bench: the point-in-polygon join done by PostGIS.
#
# usage: peer_postgis.sh POINTS_CSV AREAS_CSV COUNTS_OUT [REPEAT [WORKERS]]
#
# POINTS_CSV: "x,y" in EPSG:27700, or "id,lon,lat" in EPSG:4326 (transformed with
# ST_Transform). AREAS_CSV: "code,wkt" (MULTIPOLYGON, EPSG:27700). Loads the areas with
# ogr2ogr and the points with COPY into a fresh database, builds GiST indexes on both, runs
# the join once to warm the cache, then times it REPEAT times (default 1) with psql's
# \timing, in one session, and keeps the best (the bench gives assetmap's figures the same
# best of --repeat):
#   SELECT a.code, count(*) FROM areas a JOIN pts p ON ST_Contains(a.geom, p.geom)
#   GROUP BY a.code
# WORKERS (e.g. "0,1"): the join is timed that way for each number of parallel workers in
# turn, the planner made to use them; without it, with the server's settings only.
# Prints "RESULT points=N seconds=S runs=R workers=K label=L" for each (L: join, or join_wK)
# and writes the counts as "code,count" to COUNTS_OUT; "LOAD seconds=S" for loading the
# points (COPY, transform, index, analyze); and for the load and each join, "CPU <load|L>
# wall=W side=S busy=B workers=K": the PostgreSQL processes' CPU seconds and the machine's
# busy CPU seconds in that interval, and the parallel workers the plan uses (for the
# bench's CPU-share check).
# Prints "SKIP reason" and exits with 3 when PostgreSQL/PostGIS is missing or will not start.
# Set-up on Debian 12: apt-get install -y postgresql-15-postgis-3; the script starts the
# cluster (pg_ctlcluster 15 main start) and makes the current user a superuser if needed.
set -euo pipefail

# CPU seconds: the machine's busy time and PostgreSQL's for the session being timed (for the
# CPU share). Sampled from inside each timed session (psql's \!, which runs this script with
# --cpu-sample and the session's backend in PG_BACKEND_PID), while its backend is alive:
# that backend's own CPU, plus the CPU of every process PostgreSQL has reaped (its parallel
# workers). Both only grow, so other sessions ending meanwhile (their backends leave /proc)
# take nothing away.
hz=$(getconf CLK_TCK)
cpu_sample() {
    local busy pg
    busy=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
    pg=$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v me="${PG_BACKEND_PID:-0}" \
        '$2 == "(postgres)" { s += $16 + $17; if ($1 == me) s += $14 + $15 } END { print s + 0 }')
    echo "$busy $pg $(date +%s.%N)"
}
if [[ ${1:-} == --cpu-sample ]]; then
    cpu_sample
    exit 0
fi
self=$(realpath "${BASH_SOURCE[0]}")
samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT

if [[ $# -lt 3 || $# -gt 5 ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2
    exit 2
fi
points_csv=$1
areas_csv=$2
counts_out=$3
repeat=${4:-1}
workers_list=${5:-}
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "REPEAT must be a whole number >= 1, not '$repeat'" >&2; exit 2; }
[[ -z $workers_list || $workers_list =~ ^[0-9]+(,[0-9]+)*$ ]] ||
    { echo "WORKERS must be numbers separated by commas (e.g. 0,1), not '$workers_list'" >&2; exit 2; }
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

cpu_line() {  # cpu_line NAME "before" "after" WORKERS
    read -r b0 p0 t0 <<<"$2"
    read -r b1 p1 t1 <<<"$3"
    awk -v n="$1" -v b0="$b0" -v b1="$b1" -v p0="$p0" -v p1="$p1" -v t0="$t0" -v t1="$t1" \
        -v hz="$hz" -v k="$4" 'BEGIN { printf "CPU %s wall=%.6f side=%.3f busy=%.3f workers=%d\n",
        n, t1 - t0, (p1 - p0) / hz, (b1 - b0) / hz, k }'
}

if [[ $(head -1 "$points_csv") == id,lon,lat* ]]; then
    make_pts="SELECT ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 4326), 27700)::geometry(Point, 27700) AS geom FROM pts_xy"
    columns="(id text, x float8, y float8)"
else
    make_pts="SELECT ST_SetSRID(ST_MakePoint(x, y), 27700)::geometry(Point, 27700) AS geom FROM pts_xy"
    columns="(x float8, y float8)"
fi
load_start=$(date +%s.%N)
psql_q <<SQL
SELECT pg_backend_pid() AS backend \gset
\setenv PG_BACKEND_PID :backend
\! bash "$self" --cpu-sample > "$samples/load_before"
CREATE UNLOGGED TABLE pts_xy $columns;
\copy pts_xy FROM '$points_csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE pts AS $make_pts;
DROP TABLE pts_xy;
CREATE INDEX pts_geom_idx ON pts USING GIST (geom);
VACUUM ANALYZE pts;
\! bash "$self" --cpu-sample > "$samples/load_after"
SQL
load_s=$(awk -v a="$load_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.6f", b - a }')
cpu_line load "$(cat "$samples/load_before")" "$(cat "$samples/load_after")" 0
psql_q -c 'VACUUM ANALYZE areas'

n=$(psql_q -Atc 'SELECT count(*) FROM pts')
query="SELECT a.code, count(*) FROM areas a JOIN pts p ON ST_Contains(a.geom, p.geom)"
query+=" GROUP BY a.code"
echo "postgis $(psql_q -Atc 'SELECT postgis_lib_version()')," \
    "PostgreSQL $(psql_q -Atc 'SHOW server_version'), jit=$(psql_q -Atc 'SHOW jit')," \
    "max_parallel_workers_per_gather=$(psql_q -Atc 'SHOW max_parallel_workers_per_gather')"
echo "LOAD seconds=$load_s"

# time_join LABEL SETTINGS: a warm-up, then REPEAT timed runs in one session with SETTINGS
# (SQL run first); the first timed run writes the counts, the others write nothing, and the
# CPU line covers them all. Prints the plan, the runs and "RESULT … seconds=<best>".
time_join() {
    local label=$1 settings=$2 again="" i timing times ms workers plan
    for ((i = 1; i < repeat; ++i)); do again+="$query;"$'\n'; done
    psql_q -Atc "$settings $query" >/dev/null  # warm-up
    plan=$(psql_q -At <<<"$settings EXPLAIN $query")
    sed "s/^/plan $label: /" <<<"$plan"
    workers=$(sed -n 's/.*Workers Planned: \([0-9]*\).*/\1/p' <<<"$plan" | head -1)
    timing=$(psql_q -At -F, <<SQL
$settings
SELECT pg_backend_pid() AS backend \gset
\setenv PG_BACKEND_PID :backend
\! bash "$self" --cpu-sample > "$samples/before"
\o $counts_out.tmp
\timing on
$query;
\o /dev/null
$again
\! bash "$self" --cpu-sample > "$samples/after"
SQL
)
    cpu_line "$label" "$(cat "$samples/before")" "$(cat "$samples/after")" "${workers:-0}"
    times=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' <<<"$timing")
    [[ -n $times && $(wc -l <<<"$times") -eq $repeat ]] ||
        { echo "expected $repeat timings in psql output: $timing"; exit 1; }
    ms=$(sort -g <<<"$times" | head -1)
    { echo "code,count"; cat "$counts_out.tmp"; } >"$counts_out"
    rm -f "$counts_out.tmp"
    echo "JOIN $label runs (s): $(awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $1 / 1000 }' <<<"$times")"
    echo "RESULT points=$n seconds=$(awk -v ms="$ms" 'BEGIN { printf "%.6f", ms / 1000 }')" \
        "runs=$repeat workers=${workers:-0} label=$label"
}

if [[ -z $workers_list ]]; then
    time_join join ""  # the server's own settings: the planner picks the workers
else
    # Each number of parallel workers in turn; above 0 the planner is made to use them
    # (no set-up or tuple cost for a parallel plan), so that the figure is the peer's on
    # that many cores, whatever plan the statistics of this load would pick.
    for k in ${workers_list//,/ }; do
        if ((k == 0)); then
            time_join "join_w0" "SET max_parallel_workers_per_gather = 0;"
        else
            time_join "join_w$k" "SET max_parallel_workers_per_gather = $k;
                SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
                SET min_parallel_table_scan_size = 0; SET min_parallel_index_scan_size = 0;"
        fi
    done
fi
