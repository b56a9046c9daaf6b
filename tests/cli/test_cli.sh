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
# Hostile TOML that toml++ 3.3 turned into undefined behaviour (a pasted © right after a
# value) or an assertion ([.areas]): a clean config error in every build (issue 13, item 6).
printf '[study]\nname = "t"\xc2\xa9\n' > "$tmp/h1.toml"
expect "toml non-ascii after value" 4 "h1.toml:line 2" -- "$am" ingest "$tmp/h1.toml" -o "$tmp/x.gpkg"
printf '[.areas]\npath = "a"\n' > "$tmp/h2.toml"
expect "toml [.areas]" 4 "h2.toml:line 1" -- "$am" ingest "$tmp/h2.toml" -o "$tmp/x.gpkg"
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

# count: points in polygons for any inputs. Areas A1, A2, A3 (the bow tie, repaired) and B1
# (no parent filter here); p1, p2 → A1 (60 + 40), p3 → A2 (50), p6 → B1 (70), p7 at
# (331250, 188010) lies between the bow tie's two triangles → outside; p4 (bad x), p5
# (negative weight) and the second p1 are problems.
expect "count" 0 "1 outside every area" -- "$am" count --areas "$fx/tiny/areas.geojson" \
    --code code --name name --points "$fx/tiny/points.csv" --x easting --y northing \
    --crs EPSG:27700 --weight weight --id id -o "$tmp/counts.csv"
printf 'code,name,count,weight\nA1,Area one,2,100\nA2,Area two,1,50\nA3,Bow tie,0,0\nB1,Other authority,1,70\n' > "$tmp/want.csv"
if ! cmp -s "$tmp/counts.csv" "$tmp/want.csv"; then
    echo "FAIL count output:"; cat "$tmp/counts.csv"; fail=$((fail+1)); else pass=$((pass+1)); fi
if [ "$(grep -c . "$tmp/counts.csv.problems.csv")" -ne 7 ]; then  # header + 6 problems
    echo "FAIL count problems:"; cat "$tmp/counts.csv.problems.csv"; fail=$((fail+1)); else pass=$((pass+1)); fi
expect "count csv without x" 4 "--x and --y" -- "$am" count --areas "$fx/tiny/areas.geojson" \
    --code code --points "$fx/tiny/points.csv" -o "$tmp/c.csv"

# measure: every format; a format that cannot be told.
for f in gpkg geojson fgb shp csv; do
    expect "measure $f" 0 "wrote" -- "$am" measure "$fx/tiny/study.toml" -o "$tmp/m_$f.$f"
done
ls "$tmp"/m_shp_areas.shp "$tmp"/m_shp_areas.fields.csv "$tmp"/m_geojson_areas.geojson >/dev/null \
    || { echo "FAIL: expected per-layer files"; fail=$((fail+1)); }
expect "measure unknown format" 4 "cannot tell the format" -- "$am" measure "$fx/tiny/study.toml" -o "$tmp/m.xyz"
expect "measure bad threshold" 4 "bus_stop=400,800" -- "$am" measure "$fx/tiny/study.toml" -o "$tmp/t.gpkg" --threshold bus_stop
# Fail fast: an output that cannot be written is refused before the work. s2.toml names a
# missing CSV column, which the work would hit first (exit 3): exit 6 proves the output was
# checked before any input was read. /proc takes no new files, even for root.
touch "$tmp/notafolder"
expect "measure unwritable first" 6 "notafolder" -- "$am" measure "$tmp/s2.toml" -o "$tmp/notafolder/m.gpkg"
expect "measure read-only folder" 6 "cannot write in folder /proc" -- "$am" measure "$tmp/s2.toml" -o /proc/m.gpkg
expect "measure shp unwritable" 6 "does not exist" -- "$am" measure "$tmp/s2.toml" -o "$tmp/nodir/m.shp"
expect "ingest unwritable first" 6 "cannot write in folder /proc" -- "$am" ingest "$tmp/s2.toml" -o /proc/i.gpkg
expect "count unwritable first" 6 "cannot write in folder /proc" -- "$am" count --areas "$fx/tiny/areas.geojson" \
    --code code --points "$tmp/none.csv" --x easting --y northing --crs EPSG:27700 -o /proc/c.csv
expect "run" 0 "wrote" -- "$am" run "$fx/tiny/study.toml" -o "$tmp/run"
[ -f "$tmp/run/tiny.gpkg" ] || { echo "FAIL: run wrote no tiny.gpkg"; fail=$((fail+1)); }
[ -f "$tmp/run/report/en/index.html" ] && [ -f "$tmp/run/report/cy/index.html" ] \
    || { echo "FAIL: run wrote no report"; fail=$((fail+1)); }
expect "run --no-report" 0 "wrote" -- "$am" run "$fx/tiny/study.toml" -o "$tmp/run2" --no-report
[ -e "$tmp/run2/report" ] && { echo "FAIL: run --no-report wrote a report"; fail=$((fail+1)); }

# near: from the island of the hand-made network every asset but a6 (~650 m east, beyond the
# 500 m snap limit) is reachable, nearest first; a place far from the network is exit 3.
"$am" -q near "$fx/tiny/study_net.toml" --at -2.9985,51.5853 --format json > "$tmp/near.json"
if /usr/bin/python3 - "$tmp/near.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [x["asset_id"] for x in d]
walk = [x["walk_m"] for x in d]
assert len(d) == 6 and "pharmacy:survey:a6" not in ids, ids
assert walk == sorted(walk), walk
assert all(abs(x["minutes"] - x["walk_m"] / 80.0) < 0.01 for x in d)  # 4.8 km/h = 80 m/min
PY
then pass=$((pass+1)); else echo "FAIL near json"; cat "$tmp/near.json"; fail=$((fail+1)); fi
expect "near far away" 3 "walking network" -- "$am" near "$fx/tiny/study_net.toml" --at -3.5,51.0
expect "near bad --at" 4 "LON,LAT" -- "$am" near "$fx/tiny/study_net.toml" --at 51.5
expect "near unknown category" 4 "unknown category" -- "$am" near "$fx/tiny/study_net.toml" --at -2.9985,51.5853 --category pubs
expect "near without network" 4 "no [network]" -- "$am" near "$fx/tiny/study.toml" --at -2.9985,51.5853
expect "measure with network" 0 "wrote" -- "$am" measure "$fx/tiny/study_net.toml" -o "$tmp/net.gpkg"
/usr/bin/python3 - "$tmp/net.gpkg" <<'PY' && pass=$((pass+1)) || { echo "FAIL net columns"; fail=$((fail+1)); }
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in con.execute("pragma table_info(areas)")]
for c in ("bus_stop_net_nearest_m", "bus_stop_net_minutes", "bus_stop_net_coverage_pct_400",
          "bus_stop_net_cumulative_400", "bus_stop_net_reachable_pct"):
    assert c in cols, c
assert con.execute("select count(*) from catchments").fetchone()[0] > 0
PY

# tiles: from the tiny atlas; bad indicator, huge zoom range and an unwritable output are
# refused before any work.
"$am" -q measure "$fx/tiny/study.toml" -o "$tmp/atlas.gpkg"
expect "tiles vector" 0 "TileJSON" -- "$am" tiles vector "$tmp/atlas.gpkg" --zoom 10-15 -o "$tmp/v.mbtiles"
expect "tiles raster" 0 "legend" -- "$am" tiles raster "$tmp/atlas.gpkg" --indicator bus_stop_coverage_pct_400 --zoom 14-16 -o "$tmp/r.pmtiles"
[ -f "$tmp/v.tilejson" ] && [ -f "$tmp/r.tilejson" ] && [ -f "$tmp/r_legend.svg" ] && pass=$((pass+1)) \
    || { echo "FAIL: tilejson/legend missing"; fail=$((fail+1)); }
expect "tiles unknown indicator" 4 "choose one of" -- "$am" tiles raster "$tmp/atlas.gpkg" --indicator nope -o "$tmp/x.mbtiles"
expect "tiles too many" 4 "narrow the range" -- "$am" tiles vector "$tmp/atlas.gpkg" --zoom 0-24 --max-tiles 1000 -o "$tmp/x.mbtiles"
expect "tiles bbox outside" 4 "outside the atlas" -- "$am" tiles vector "$tmp/atlas.gpkg" --bbox 10,10,11,11 -o "$tmp/b.mbtiles"
expect "tiles bad bbox" 4 "W,S,E,N" -- "$am" tiles raster "$tmp/atlas.gpkg" --indicator asset_index --bbox 1,2,3 -o "$tmp/b.mbtiles"
touch "$tmp/afile"
expect "tiles unwritable" 6 "afile" -- "$am" tiles vector "$tmp/atlas.gpkg" --zoom 10-12 -o "$tmp/afile/x.mbtiles"
expect "tiles not an atlas" 3 "not an atlas" -- "$am" tiles vector "$tmp/ok.gpkg" -o "$tmp/y.mbtiles"

# report: from the atlas file or its folder; bad language, missing atlas, missing Chromium.
expect "report" 0 "wrote the report" -- "$am" report "$tmp/atlas.gpkg" -o "$tmp/rep" --lang cy
[ -f "$tmp/rep/cy/index.html" ] && [ ! -e "$tmp/rep/en" ] && pass=$((pass+1)) \
    || { echo "FAIL: report --lang cy"; fail=$((fail+1)); }
expect "report of a run folder" 0 "wrote the report" -- "$am" report "$tmp/run" --no-maps
expect "report help" 0 "--pdf" -- "$am" report --help
expect "report unknown language" 4 "use en (English) or cy" -- "$am" report "$tmp/atlas.gpkg" -o "$tmp/r2" --lang en,fr
expect "report missing atlas" 3 "no such atlas" -- "$am" report "$tmp/none.gpkg"
expect "report not an atlas" 3 "measured atlas" -- "$am" report "$tmp/ok.gpkg" -o "$tmp/r3"
expect "report --pdf without chromium" 10 "apt-get install chromium" -- \
    env PATH=/nonexistent "$am" report "$tmp/atlas.gpkg" -o "$tmp/r4" --pdf
[ -e "$tmp/r4" ] && { echo "FAIL: report --pdf without chromium wrote files"; fail=$((fail+1)); }
expect "report --chromium not a program" 10 "not an executable" -- "$am" report "$tmp/atlas.gpkg" -o "$tmp/r5" --pdf --chromium "$tmp/afile"

# No core dumps, no half-written outputs.
ls "$tmp"/*.tmp >/dev/null 2>&1 && { echo "FAIL: a .tmp output was left behind"; fail=$((fail+1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
