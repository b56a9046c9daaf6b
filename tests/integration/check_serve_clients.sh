#!/usr/bin/env bash
# `assetmap serve` from real clients, on the default study (Newport): the server builds the
# atlas first (none exists in the fresh output folder), then GDAL's OAPIF driver (ogrinfo,
# ogr2ogr) and QGIS itself (PyQGIS, headless) read it; SIGTERM stops it cleanly.
#
# usage: check_serve_clients.sh ASSETMAP SOURCE_DIR DATA_DIR
set -euo pipefail
am=$1
src=$2
data=$3
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$am" serve newport -o "$work/newport" --data-dir "$data" --port 0 --port-file "$work/port" \
  2> "$work/serve.log" &
pid=$!
for _ in $(seq 1 600); do
  [[ -s "$work/port" ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: the server exited"; cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
[[ -s "$work/port" ]] || { echo "FAIL: the server did not start"; cat "$work/serve.log"; exit 1; }
port=$(cat "$work/port")
base="http://127.0.0.1:$port"
grep -q "building the atlas first" "$work/serve.log"
[[ -f "$work/newport/newport.gpkg" ]]

# GDAL: ogrinfo lists every collection; ogr2ogr copies every area with every property.
ogrinfo -ro -q "OAPIF:$base/ogcapi" > "$work/ogrinfo.txt"
for c in areas assets asset_footprints catchments population_points; do
  grep -q "^[0-9]*: $c " "$work/ogrinfo.txt" || { echo "FAIL: ogrinfo lacks $c"; cat "$work/ogrinfo.txt"; exit 1; }
done
ogr2ogr -f GPKG "$work/copy.gpkg" "OAPIF:$base/ogcapi" areas
/usr/bin/python3 - "$work/copy.gpkg" "$work/newport/newport.gpkg" <<'PY'
import math, sys
from osgeo import ogr, osr
ogr.UseExceptions()
copy_ds, atlas_ds = ogr.Open(sys.argv[1]), ogr.Open(sys.argv[2])  # kept: layers need them
copy = copy_ds.GetLayerByName("areas")
atlas = atlas_ds.GetLayerByName("areas")
crs84 = osr.SpatialReference(); crs84.SetFromUserInput("OGC:CRS84")
to84 = osr.CoordinateTransformation(atlas.GetSpatialRef(), crs84)
want = {f.GetField("code"): f for f in atlas}
got = {f.GetField("code"): f for f in copy}
assert set(want) == set(got), (sorted(want), sorted(got))
defn = atlas.GetLayerDefn()
names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
cnames = {copy.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(copy.GetLayerDefn().GetFieldCount())}
missing = [n for n in names if n not in cnames]
assert not missing, missing
checked = 0
for code, a in want.items():
    b = got[code]
    for n in names:
        va, vb = a.GetField(n), b.GetField(n)
        if va is None or vb is None:
            assert va is None and vb is None, (code, n, va, vb)
        elif isinstance(va, float) or isinstance(vb, float):
            assert math.isclose(float(va), float(vb), rel_tol=1e-12, abs_tol=1e-12), (code, n, va, vb)
        else:
            assert str(va) == str(vb), (code, n, va, vb)
        checked += 1
    # Geometry: the atlas polygon through OGR's own transformation to CRS84, vertex for vertex
    # within 2e-7 degrees (7 decimals are served).
    ga = a.GetGeometryRef().Clone(); ga.Transform(to84)
    gb = b.GetGeometryRef()
    ra = ga.GetGeometryRef(0).GetGeometryRef(0); rb = gb.GetGeometryRef(0).GetGeometryRef(0)
    assert ra.GetPointCount() == rb.GetPointCount(), code
    for i in range(0, ra.GetPointCount(), 7):
        assert abs(ra.GetX(i) - rb.GetX(i)) < 2e-7 and abs(ra.GetY(i) - rb.GetY(i)) < 2e-7, (code, i)
print(f"ogr2ogr copied {len(got)} areas, {len(names)} properties each ({checked} values equal)")
PY

# QGIS: the OAPIF layer, an XYZ layer of the vector tiles and the GeoPackage.
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" /usr/bin/python3 \
  "$src/tests/integration/check_serve_qgis.py" "$base" "$work/newport/newport.gpkg" "$work/qgis.png"

# Graceful stop on SIGTERM: exit 0, said on stderr.
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[[ $rc -eq 0 ]] || { echo "FAIL: serve exited $rc after SIGTERM"; exit 1; }
grep -q "stopped (signal 15)" "$work/serve.log"
grep -q " GET /ogcapi/collections/areas/items" "$work/serve.log"
echo "check_serve_clients: ok"
