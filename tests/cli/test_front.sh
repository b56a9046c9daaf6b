#!/usr/bin/env bash
# The `assetmap` front (tools/front): linked statically, it loads no library and hands `count`
# to assetmap-count, `tiles raster` to assetmap-raster, every other command to assetmap-full.
# assetmap-count loads no GDAL, no Mapnik: `count` of a CSV against simple GeoJSON areas runs
# there, every count the plain readers cannot read is handed to assetmap-full.
# assetmap-raster loads no GDAL: `tiles raster` of an atlas runs there, its errors are
# handed to assetmap-full. Either way the exit code, the messages and the files are those of
# assetmap-full run on its own, byte for byte.
# Usage: test_front.sh <assetmap> <assetmap-count> <assetmap-full> <assetmap-raster>
# Which program ran is told by the libraries the process loaded (glibc's LD_DEBUG=files).
set -u
am="$(realpath "$1")"
counter="$(realpath "$2")"
full="$(realpath "$3")"
raster="$(realpath "$4")"
fx="${ASSETMAP_FIXTURES:?}"
data="${ASSETMAP_DATA_DIR:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

# 1. The libraries: the front none (static); assetmap-count no GDAL, Mapnik, libpq or ICU.
needed=$(readelf -d "$am" | grep NEEDED)
if [ -n "$needed" ]; then bad "the front links shared libraries:"; echo "$needed"; else ok; fi
if readelf -l "$am" | grep -q INTERP; then bad "the front is not linked statically"; else ok; fi
needed=$(readelf -d "$counter" | grep NEEDED)
if echo "$needed" | grep -qE 'libgdal|libmapnik|libpq|libicu'; then
    bad "assetmap-count links heavy libraries:"; echo "$needed"
else ok; fi
needed=$(readelf -d "$raster" | grep NEEDED)
if echo "$needed" | grep -qE 'libgdal|libpq|libgeos'; then
    bad "assetmap-raster links GDAL, libpq or GEOS:"; echo "$needed"
else ok; fi

# 2. same <name> <where: front|full> -- count arguments…
#    Runs `assetmap ARGS` and `assetmap-full ARGS` each in its own folder (relative outputs,
#    so the messages name the same paths) and compares exit code, stdout, stderr and every
#    file written; `where` says which program must have done the work behind `assetmap`.
same() {
    local name="$1" where="$2"; shift 3
    rm -rf "$tmp/a" "$tmp/b"; mkdir -p "$tmp/a" "$tmp/b"
    (cd "$tmp/a" && LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" "$am" "$@" >out.txt 2>err.txt; echo $? >code.txt)
    (cd "$tmp/b" && "$full" "$@" >out.txt 2>err.txt; echo $? >code.txt)
    if ! diff -r "$tmp/a" "$tmp/b" >"$tmp/diff"; then
        bad "$name: assetmap and assetmap-full differ:"; cat "$tmp/diff"; rm -f "$tmp"/ld.*; return
    fi
    local gdal=no
    grep -q 'libgdal' "$tmp"/ld.* 2>/dev/null && gdal=yes
    rm -f "$tmp"/ld.*
    if [ "$where" = front ] && [ "$gdal" = yes ]; then bad "$name: handed over; the front should run it"; return; fi
    if [ "$where" = full ] && [ "$gdal" = no ]; then bad "$name: the front ran it; assetmap-full should"; return; fi
    ok
}

# 1b. The front starts assetmap-count and `tiles raster` with glibc's malloc asking for huge
#     pages (tools/front/malloc_tunables.hpp), keeping the user's tunables; seen in the
#     environment of the execve (strace, when this machine has it).
if command -v strace >/dev/null; then
    envs=$(cd "$tmp" && GLIBC_TUNABLES=glibc.malloc.arena_max=4 strace -f -v -s 4096 -e trace=execve \
        "$am" count --help 2>&1 >/dev/null | grep 'execve(".*/assetmap-count"' || true)
    if echo "$envs" | grep -q '"GLIBC_TUNABLES=glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1"'; then ok
    else bad "assetmap-count was not started with glibc.malloc.hugetlb=1 after the user's tunables:"; echo "$envs" | cut -c1-300; fi
    envs=$(cd "$tmp" && GLIBC_TUNABLES=glibc.malloc.hugetlb=0 strace -f -v -s 4096 -e trace=execve \
        "$am" count --help 2>&1 >/dev/null | grep 'execve(".*/assetmap-count"' || true)
    if echo "$envs" | grep -q '"GLIBC_TUNABLES=glibc.malloc.hugetlb=0"'; then ok
    else bad "the user's glibc.malloc.hugetlb=0 was not kept:"; echo "$envs" | cut -c1-300; fi
    # `tiles raster` goes to assetmap-raster with huge pages too; `tiles vector` without.
    envs=$(cd "$tmp" && GLIBC_TUNABLES=glibc.malloc.arena_max=4 strace -f -v -s 4096 -e trace=execve \
        "$am" tiles raster --help 2>&1 >/dev/null | grep 'execve(".*/assetmap-raster"' || true)
    if echo "$envs" | grep -q '"GLIBC_TUNABLES=glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1"'; then ok
    else bad "tiles raster was not started with glibc.malloc.hugetlb=1 after the user's tunables:"; echo "$envs" | cut -c1-300; fi
    envs=$(cd "$tmp" && GLIBC_TUNABLES=glibc.malloc.arena_max=4 strace -f -v -s 4096 -e trace=execve \
        "$am" tiles vector --help 2>&1 >/dev/null | grep 'execve(".*/assetmap-full"' || true)
    if echo "$envs" | grep -q '"GLIBC_TUNABLES=glibc.malloc.arena_max=4"'; then ok
    else bad "tiles vector should keep the user's tunables as they are:"; echo "$envs" | cut -c1-300; fi
else
    echo "note: no strace; the checks of GLIBC_TUNABLES in the front's execve are skipped"
fi

# The tiny fixture's areas without its feature of null geometry (which GDAL reads, below):
# a GeoJSON simdjson reads as GDAL would (io/simple_geojson.cpp), with a bow tie to repair.
python3 - "$fx/tiny/areas.geojson" "$tmp/areas.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["features"] = [f for f in d["features"] if f["geometry"] is not None]
json.dump(d, open(sys.argv[2], "w"))
PY
tiny=(--areas "$tmp/areas.geojson" --code code --name name)
pts=(--points "$fx/tiny/points.csv" --x easting --y northing --crs EPSG:27700)
# The tiny points: weights, a duplicate id, a bad coordinate, a negative weight (problems).
same "count tiny" front -- count "${tiny[@]}" "${pts[@]}" --weight weight --id id -o c.csv
same "count tiny 1 thread" front -- count "${tiny[@]}" "${pts[@]}" --weight weight --threads 1 -o c.csv
same "count -q" front -- -q count "${tiny[@]}" "${pts[@]}" -o c.csv

# Quoted fields, CRLF line ends, a point outside every area, lon/lat.
printf 'id,"lon",lat\r\n"a, quoted",-3.0,51.58\r\nb,-2.99,51.585\r\nc,0,0\r\n' >"$tmp/ll.csv"
same "count lon/lat quoted" front -- count "${tiny[@]}" --points "$tmp/ll.csv" --x lon --y lat \
    --crs EPSG:4326 --id id -o c.csv

# The real Welsh MSOAs (simdjson reads them) and 20,000 lon/lat points over Wales.
if [ -n "$data" ] && [ -f "$data/wales_msoa11_bgc.geojson" ]; then
    awk 'BEGIN { srand(7); print "lon,lat,w"; for (i = 0; i < 20000; i++)
        printf "%.6f,%.6f,%d\n", -5.3 + 2.7 * rand(), 51.35 + 2.1 * rand(), int(10 * rand()) }' \
        >"$tmp/wales.csv"
    same "count Wales MSOAs" front -- count --areas "$data/wales_msoa11_bgc.geojson" --code MSOA11CD \
        --name MSOA11NM --points "$tmp/wales.csv" --x lon --y lat --crs EPSG:4326 --weight w -o c.csv
else
    echo "note: no ASSETMAP_DATA_DIR with wales_msoa11_bgc.geojson; the Wales case is skipped"
fi

# Handed over: what only GDAL reads.
same "count null geometry" full -- count --areas "$fx/tiny/areas.geojson" --code code "${pts[@]}" -o c.csv
ogr2ogr -f GPKG "$tmp/areas.gpkg" "$tmp/areas.geojson" 2>/dev/null
same "count GeoPackage areas" full -- count --areas "$tmp/areas.gpkg" --code code --name name "${pts[@]}" -o c.csv
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").write(sys.argv[2], "points.csv")' \
    "$tmp/points.zip" "$fx/tiny/points.csv"
same "count /vsizip/ points" full -- count "${tiny[@]}" --points "/vsizip/$tmp/points.zip/points.csv" \
    --x easting --y northing --crs EPSG:27700 -o c.csv
ogr2ogr -f GeoJSON "$tmp/points.geojson" "$fx/tiny/points.csv" -oo X_POSSIBLE_NAMES=easting \
    -oo Y_POSSIBLE_NAMES=northing -a_srs EPSG:27700 2>/dev/null
same "count GeoJSON points" full -- count "${tiny[@]}" --points "$tmp/points.geojson" -o c.csv

# Errors: handed over, so worded (and coded) by assetmap-full.
same "missing points" full -- count "${tiny[@]}" --points "$tmp/none.csv" --x easting --y northing \
    --crs EPSG:27700 -o c.csv
same "missing areas" full -- count --areas "$tmp/none.geojson" --code code "${pts[@]}" -o c.csv
same "points is a folder" full -- count "${tiny[@]}" --points "$tmp" --x easting --y northing \
    --crs EPSG:27700 -o c.csv
same "no such column" full -- count "${tiny[@]}" --points "$fx/tiny/points.csv" --x nope --y northing \
    --crs EPSG:27700 -o c.csv
same "unwritable output" full -- count "${tiny[@]}" "${pts[@]}" -o /proc/c.csv
same "bad option" full -- count "${tiny[@]}" "${pts[@]}" -o c.csv --bogus
same "threads over the cap" full -- count "${tiny[@]}" "${pts[@]}" -o c.csv --threads 100000
same "count --help" full -- count --help
same "--version" full -- --version
same "another command" full -- near --help
same "count as a value" full -- ingest "$tmp/count" -o count

# 2b. `tiles raster`: run by assetmap-raster (no GDAL loaded), the same tiles, TileJSON,
#     legend and messages as assetmap-full (quiet: the summary's tiles/s is a timing);
#     errors and help worded by assetmap-full.
# The tiny study reads its data beside it (ASSETMAP_DATA_DIR names the shared data).
ASSETMAP_DATA_DIR= "$full" -q measure "$fx/tiny/study.toml" -o "$tmp/atlas.gpkg" || bad "measure the tiny study"
atl="$tmp/atlas.gpkg"
same "raster mbtiles" front -- -q tiles raster "$atl" --indicator asset_index --zoom 10-13 -o r.mbtiles
same "raster folder, 1 thread" front -- tiles raster -q "$atl" --indicator asset_index \
    --zoom 10-12 --threads 1 -o r
same "raster png32 @2x jenks" front -- -q tiles raster "$atl" --indicator asset_index --zoom 11-12 \
    --png32 --scale 2 --classes jenks -o r.pmtiles
same "raster shard" front -- -q tiles raster "$atl" --indicator asset_index --zoom 10-13 --shard 1/2 -o r.mbtiles
same "raster no such indicator" full -- tiles raster "$atl" --indicator nope -o r.mbtiles
same "raster not an atlas" full -- tiles raster "$fx/tiny/areas.geojson" --indicator asset_index -o r.mbtiles
same "raster missing atlas" full -- tiles raster "$tmp/none.gpkg" --indicator asset_index -o r.mbtiles
same "raster bad extension" full -- tiles raster "$atl" --indicator asset_index -o r.png
same "raster --help" full -- tiles raster --help
same "raster bad scale" full -- tiles raster "$atl" --indicator asset_index --scale 3 -o r.mbtiles
same "tiles vector" full -- tiles vector "$atl" --zoom 6-10 -o v.mbtiles

# 3. A program missing beside the front: it says which and how to fix it, exit 1.
mkdir -p "$tmp/lonely"; cp "$am" "$counter" "$tmp/lonely/"
"$tmp/lonely/assetmap" ingest --help >/dev/null 2>"$tmp/err"; code=$?
if [ "$code" -ne 1 ] || ! grep -q "cannot start .*/assetmap-full: .*cmake --build" "$tmp/err"; then
    bad "no assetmap-full: exit $code"; cat "$tmp/err"; else ok; fi
rm "$tmp/lonely/assetmap-count"
"$tmp/lonely/assetmap" count --help >/dev/null 2>"$tmp/err"; code=$?
if [ "$code" -ne 1 ] || ! grep -q "cannot start .*/assetmap-count: .*cmake --build" "$tmp/err"; then
    bad "no assetmap-count: exit $code"; cat "$tmp/err"; else ok; fi

echo "front: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
