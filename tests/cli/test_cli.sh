#!/usr/bin/env bash
# CLI end to end: help, exit codes and one-line errors for bad input (README, "Exit codes").
# Usage: test_cli.sh <path to assetmap>
set -u
unset ASSETMAP_DATA_DIR  # the fixtures name their own data_dir
am="$1"
fx="${ASSETMAP_FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0

expect() {  # expect <name> <exit code> <stderr substring> -- command...
    local name="$1" code="$2" needle="$3"; shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
    if [ "$got" -ne "$code" ] || ! grep -qF -- "$needle" "$tmp/err" "$tmp/out"; then
        echo "FAIL $name: exit $got (want $code), output:"; cat "$tmp/out" "$tmp/err"; fail=$((fail+1))
    else
        pass=$((pass+1))
    fi
}

expect "help" 0 "ingest" -- "$am" --help
expect "ingest help" 0 "--strict" -- "$am" ingest --help
expect "no subcommand" 2 "subcommand" -- "$am"
expect "unknown option" 2 "--bogus" -- "$am" ingest "$fx/tiny/study.toml" -o "$tmp/x.gpkg" --bogus
expect "missing -o" 2 "--output" -- "$am" ingest "$fx/tiny/study.toml"
expect "placeholder" 8 "not built yet" -- "$am" measure
expect "missing study" 3 "study file not found" -- "$am" ingest "$tmp/none.toml" -o "$tmp/x.gpkg"
expect "missing data dir" 3 "data directory not found" -- "$am" ingest "$fx/tiny/study.toml" -o "$tmp/x.gpkg" --data-dir "$tmp/nodata"
expect "ok with problems" 0 "13 data problems" -- "$am" ingest "$fx/tiny/study.toml" -o "$tmp/ok.gpkg"
expect "strict" 7 "data problem(s)" -- "$am" ingest "$fx/tiny/study.toml" -o "$tmp/s.gpkg" --strict
expect "bad output folder" 6 "does not exist" -- "$am" ingest "$fx/tiny/study.toml" -o "$tmp/no/dir/x.gpkg"

# A study whose areas are points, a CSV with a missing column, an unknown CRS, a bad key.
cp "$fx"/tiny/* "$tmp/"
sed 's/path = "areas.geojson"/path = "stops.txt"/' "$fx/tiny/study.toml" | sed "s#\.\./\.\./taxonomy.toml#$fx/../taxonomy.toml#" > "$tmp/s1.toml"
expect "non-geographic areas" 3 "stops.txt" -- "$am" ingest "$tmp/s1.toml" -o "$tmp/x.gpkg"
sed 's/weight = "weight"/weight = "people"/' "$fx/tiny/study.toml" | sed "s#\.\./\.\./taxonomy.toml#$fx/../taxonomy.toml#" > "$tmp/s2.toml"
expect "missing column" 3 "no column 'people'" -- "$am" ingest "$tmp/s2.toml" -o "$tmp/x.gpkg"
sed 's/crs = "EPSG:27700"/crs = "EPSG:999999"/' "$fx/tiny/study.toml" | sed "s#\.\./\.\./taxonomy.toml#$fx/../taxonomy.toml#" > "$tmp/s3.toml"
expect "unknown crs" 5 "EPSG:999999" -- "$am" ingest "$tmp/s3.toml" -o "$tmp/x.gpkg"
sed 's/^dedupe_distance_m/dedup_distance/' "$fx/tiny/study.toml" | sed "s#\.\./\.\./taxonomy.toml#$fx/../taxonomy.toml#" > "$tmp/s4.toml"
expect "typo in study" 4 "unknown key 'dedup_distance'" -- "$am" ingest "$tmp/s4.toml" -o "$tmp/x.gpkg"
# A truncated .osm.pbf.
head -c 2000 "$(dirname "$fx")/fixtures/osm/small.osm" > "$tmp/trunc.osm"
cat > "$tmp/s5.toml" <<TOML
[study]
name = "t"
data_dir = "$tmp"
taxonomy = "$fx/../taxonomy.toml"
[areas]
path = "areas.geojson"
code_field = "code"
[[assets]]
name = "osm"
format = "osm"
path = "trunc.osm"
TOML
expect "truncated osm" 3 "trunc.osm" -- "$am" ingest "$tmp/s5.toml" -o "$tmp/x.gpkg"

# No core dumps, no half-written outputs.
ls "$tmp"/*.tmp >/dev/null 2>&1 && { echo "FAIL: a .tmp output was left behind"; fail=$((fail+1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
