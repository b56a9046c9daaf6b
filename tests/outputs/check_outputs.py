#!/usr/bin/env python3
"""Outputs that real clients read right (issue 13, items 9-14), end to end through the CLI on
the hand-made tiny study (datasets/fixtures/tiny).

Usage: check_outputs.py <path to assetmap> <case>
Cases:
  run_formats      `run -o DIR --format F` for every format: the atlas GeoPackage and the
                   default tiles are still written, plus every layer as <study>_<layer>.<ext>
                   read back with GDAL (ogrinfo); postgis and an unknown format are refused
                   (exit 2) before any work.
  vector_mbtiles   `run` also writes <study>_vector.mbtiles, which GDAL 3.6 (ogrinfo) opens
                   (it cannot open the PMTiles), with the same tiles as the PMTiles set.
  partial_data     raster tiles paint areas with partial data as "no data" (the hatched grey),
                   not as values; vector tiles carry <c>_partial_data.
  tile_options     --name/--description/--attribution (defaults from the study), the centre
                   zoom where the study is in view, the legend's human title and asset key,
                   and an unknown output extension refused (exit 2).
Expected values are derived in each case's comments from the fixture files.
"""
import gzip
import io
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile

from PIL import Image
from pyproj import Transformer

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.environ.get("ASSETMAP_FIXTURES", os.path.join(HERE, "..", "..", "datasets",
                                                               "fixtures"))
TINY = os.path.join(FIXTURES, "tiny", "study.toml")


def run(am, *args, expect=0):
    env = dict(os.environ)
    env.pop("ASSETMAP_DATA_DIR", None)  # the fixtures name their own data_dir
    p = subprocess.run([am, *args], capture_output=True, text=True, env=env)
    if p.returncode != expect:
        raise AssertionError(f"{' '.join(args)}: exit {p.returncode} (want {expect})\n"
                             f"{p.stdout}{p.stderr}")
    return p.stdout + p.stderr


def ogr_layers(path):
    """Layer names and feature counts as GDAL's ogrinfo reports them."""
    p = subprocess.run(["ogrinfo", "-ro", "-so", "-al", path], capture_output=True, text=True)
    assert p.returncode == 0, f"ogrinfo {path}: {p.stderr}"
    out, name = {}, None
    for line in p.stdout.splitlines():
        if line.startswith("Layer name: "):
            name = line[len("Layer name: "):]
        elif line.startswith("Feature Count: ") and name is not None:
            out[name] = int(line[len("Feature Count: "):])
    return out


def tiles_of(mbtiles):
    con = sqlite3.connect(mbtiles)
    rows = con.execute("select zoom_level, tile_column, tile_row, tile_data from tiles").fetchall()
    con.close()
    # TMS rows → XYZ rows
    return {(z, x, (1 << z) - 1 - y): bytes(d) for z, x, y, d in rows}


# The layers of an atlas of the tiny study without a walking network, and their rows: 3 areas
# (A1–A3 of parent P1), 3 population points, 7 assets, no footprints, 13 problems
# (tests/unit/ingest/test_ingest_fixture.cpp), 2 comparators (study, P1).
LAYERS = {"areas": 3, "population_points": 3, "assets": 7, "asset_footprints": 0,
          "problems": 13, "comparators": 2}
DEFAULT_TILES = ["tiny_vector.pmtiles", "tiny_vector.mbtiles", "tiny_vector.tilejson",
                 "tiny_style.json", "tiny_asset_index.mbtiles", "tiny_asset_index_legend.svg"]


def case_run_formats(am, tmp):
    ext = {"fgb": ".fgb", "geojson": ".geojson", "shp": ".shp", "csv": ".csv"}
    for fmt in ["gpkg", "fgb", "geojson", "shp", "csv"]:
        out = os.path.join(tmp, fmt)
        run(am, "run", TINY, "-o", out, "--format", fmt)
        files = set(os.listdir(out))
        assert "tiny.gpkg" in files, (fmt, files)
        for f in DEFAULT_TILES:
            assert f in files, (fmt, f, sorted(files))
        assert not [f for f in files if ".gpkg_" in f], (fmt, sorted(files))
        assert ogr_layers(os.path.join(out, "tiny.gpkg"))["areas"] == 3
        if fmt == "gpkg":
            assert not [f for f in files if f.startswith("tiny_areas")], sorted(files)
            continue
        for layer, n in LAYERS.items():
            # FlatGeobuf cannot hold rows without geometry: tables (and problems, some of
            # which have no location) go to CSV beside it (README).
            # A Shapefile table is its .dbf alone.
            e = ext[fmt]
            if fmt == "fgb" and layer in ("problems", "comparators"):
                e = ".csv"
            if fmt == "shp" and layer == "comparators":
                e = ".dbf"
            path = os.path.join(out, f"tiny_{layer}{e}")
            assert os.path.exists(path), (fmt, path, sorted(files))
            if n:
                got = ogr_layers(path)
                assert list(got.values()) == [n], (fmt, layer, got)
    # PostGIS needs a connection, not a folder; an unknown format is a command-line mistake.
    # Both are refused before anything is written.
    for fmt, needle in [("postgis", "assetmap measure"), ("xlsx", "not known")]:
        out = os.path.join(tmp, "refused_" + fmt)
        msg = run(am, "run", TINY, "-o", out, "--format", fmt, expect=2)
        assert needle in msg, msg
        assert not os.path.exists(out), out


def case_vector_mbtiles(am, tmp):
    out = os.path.join(tmp, "run")
    run(am, "run", TINY, "-o", out)
    mb = os.path.join(out, "tiny_vector.mbtiles")
    # GDAL 3.6 opens the MBTiles (MVT inside) and finds both layers; it has no PMTiles driver.
    layers = ogr_layers(mb)
    assert set(layers) == {"areas", "assets"}, layers
    assert layers["areas"] >= 3, layers
    p = subprocess.run(["ogrinfo", "-ro", "-so", os.path.join(out, "tiny_vector.pmtiles")],
                       capture_output=True, text=True)
    assert p.returncode != 0  # why the MBTiles copy exists
    # The same tiles as the PMTiles set: compare with a tile set written by `tiles vector`
    # into a folder (z/x/y.pbf) from the same atlas and zooms.
    folder = os.path.join(tmp, "folder")
    run(am, "tiles", "vector", os.path.join(out, "tiny.gpkg"), "--zoom", "6-15", "-o", folder)
    want = {}
    for root, _, names in os.walk(folder):
        for n in names:
            if n.endswith(".pbf"):
                z, x = root.split(os.sep)[-2:]
                with open(os.path.join(root, n), "rb") as f:
                    want[(int(z), int(x), int(n[:-4]))] = f.read()
    got = tiles_of(mb)
    assert got.keys() == want.keys(), (sorted(got)[:5], sorted(want)[:5])
    assert all(gzip.decompress(got[k]) == gzip.decompress(want[k]) for k in want)


def mercator_pixel(lon, lat, z):
    """Tile (x, y) and pixel (px, py) of a lon/lat point at zoom z, 256 px tiles (XYZ)."""
    n = 1 << z
    fx = (lon + 180.0) / 360.0 * n
    fy = (1.0 - math.log(math.tan(math.radians(lat)) + 1.0 / math.cos(math.radians(lat)))
          / math.pi) / 2.0 * n
    return (int(fx), int(fy)), (int((fx % 1) * 256), int((fy % 1) * 256))


def pixels_at(tiles, bng_xy, z):
    """RGBA of the 5 × 5 raster tile pixels around an EPSG:27700 point (pyproj for the
    datum)."""
    lon, lat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(*bng_xy)
    (tx, ty), (px, py) = mercator_pixel(lon, lat, z)
    assert 2 <= px < 254 and 2 <= py < 254, (px, py)
    img = Image.open(io.BytesIO(tiles[(z, tx, ty)])).convert("RGBA")
    return [img.getpixel((px + dx, py + dy)) for dx in range(-2, 3) for dy in range(-2, 3)]


def ogr_features(path, layer):
    """Attributes of each feature of a layer, as ogrinfo prints them (name -> text)."""
    p = subprocess.run(["ogrinfo", "-ro", "-q", path, layer], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    feats, cur = [], None
    for line in p.stdout.splitlines():
        if line.startswith("OGRFeature("):
            cur = {}
            feats.append(cur)
        elif cur is not None and " = " in line and line.startswith("  ") and "(" in line:
            name, value = line.strip().split(" = ", 1)
            cur[name.split(" (")[0]] = value
    return feats


def tiny_with_survey_extent(tmp):
    """The tiny study with a declared extent for its survey source: the lon/lat box of
    EPSG:27700 x 331040-331510, y 188000-188090 (pyproj), so A1's point p2 (331020,188020,
    40 of its 100 residents) lies outside it and A1's data coverage is 60%."""
    to_lonlat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    corners = [to_lonlat.transform(x, y) for x in (331040, 331510) for y in (188000, 188090)]
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    box = [min(lons), min(lats), max(lons), max(lats)]
    folder = os.path.join(FIXTURES, "tiny")
    with open(TINY, encoding="utf-8") as f:
        text = f.read()
    text = text.replace('data_dir = "."', f'data_dir = {json.dumps(folder)}')
    text = text.replace('taxonomy = "../../taxonomy.toml"',
                        f'taxonomy = {json.dumps(os.path.join(folder, "..", "..", "taxonomy.toml"))}')
    text = text.replace('category_field = "category"\n',
                        'category_field = "category"\nextent = [%.9f, %.9f, %.9f, %.9f]\n' %
                        tuple(box), 1)
    study = os.path.join(tmp, "tiny_extent.toml")
    with open(study, "w", encoding="utf-8") as f:
        f.write(text.replace('name = "tiny"', 'name = "tiny_extent"'))
    return study


def case_partial_data(am, tmp):
    # The tiny study with the survey source's extent declared (tiny_with_survey_extent): A1
    # (the square 331000-331100 x 188000-188100) has 60% of its residents inside, below the
    # 95% minimum, so it is partial for community_centre; A2 (331100-331200) is inside. Both
    # have community_centre_coverage_pct_800 = 100 (the hall at 331050,188050 is within 800 m
    # of every point); A3 has no residents: null.
    atlas = os.path.join(tmp, "atlas.gpkg")
    run(am, "measure", tiny_with_survey_extent(tmp), "-o", atlas)
    ind = "community_centre_coverage_pct_800"
    out = os.path.join(tmp, "r.mbtiles")
    run(am, "tiles", "raster", atlas, "--indicator", ind, "--zoom", "16-16", "-o", out)
    tiles = tiles_of(out)
    # A1's value is not data: the no-data grey #bdbdbd hatched in dark grey, no class colour.
    # A2 alone is classed: one class, YlGnBu's single colour #7fcdbb. 5 × 5 pixels 15 m
    # inside each square's south corners (A1 west, A2 east), away from labels and symbols.
    a1 = pixels_at(tiles, (331015, 188015), 16)
    a2 = pixels_at(tiles, (331185, 188015), 16)
    assert all(p[3] == 255 and max(p[:3]) - min(p[:3]) <= 2 for p in a1), ("A1 not grey", a1)
    assert (0xbd, 0xbd, 0xbd, 255) in a1, ("A1 has no no-data grey", a1)
    assert all(p[:3] == (0x7f, 0xcd, 0xbb) for p in a2), ("A2 not in its class colour", a2)
    with open(os.path.join(tmp, "r_legend.svg"), encoding="utf-8") as f:
        legend = f.read()
    assert legend.count('<g class="class">') == 1, legend
    assert ">100</text>" in legend, legend  # one value: "100", not "100 – 100"
    # Vector tiles carry the flag of each indicator's category beside its value.
    vec = os.path.join(tmp, "v.mbtiles")
    run(am, "tiles", "vector", atlas, "--zoom", "14-14", "-o", vec)
    flags = {f["code"]: f.get("community_centre_partial_data") for f in ogr_features(vec, "areas")}
    assert flags == {"A1": "1", "A2": "0", "A3": "0"}, flags


def fit_zoom(bounds, min_z, max_z, width=1024, height=768):
    """The highest zoom at which a lon/lat box fits width × height px (256 px tiles): the
    spherical Mercator formula written out here, independently of the C++ code."""
    w, s, e, n = bounds

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    for z in range(max_z, min_z, -1):
        px_per_rad = 256 * 2 ** z / (2 * math.pi)
        if math.radians(e - w) * px_per_rad <= width and (y(n) - y(s)) * px_per_rad <= height:
            return z
    return min_z


def mbtiles_metadata(path):
    con = sqlite3.connect(path)
    meta = dict(con.execute("select name, value from metadata"))
    con.close()
    return meta


def case_tile_options(am, tmp):
    atlas = os.path.join(tmp, "atlas.gpkg")
    run(am, "measure", TINY, "-o", atlas)
    # Defaults from the study (the tiny study has no title: its name, "tiny") and the
    # column's human title; the attribution of its sources (none declared: empty).
    r = os.path.join(tmp, "r.mbtiles")
    run(am, "tiles", "raster", atlas, "--indicator", "bus_stop_coverage_pct_400", "-o", r)
    with open(os.path.join(tmp, "r.tilejson"), encoding="utf-8") as f:
        tj = json.load(f)
    title = "Bus stops: residents within 400 m (%)"
    assert tj["name"] == title + " \u2014 tiny", tj["name"]
    assert tj["description"].startswith("tiny: " + title), tj["description"]
    # The centre opens where the whole study is in view: the tiny areas (300 m) fit at
    # every zoom of the set, so the highest, 16 — not the lowest, 10.
    assert tj["center"][2] == fit_zoom(tj["bounds"], 10, 16) == 16, tj["center"]
    meta = mbtiles_metadata(r)
    assert meta["name"] == tj["name"] and meta["center"].endswith(",16"), meta
    with open(os.path.join(tmp, "r_legend.svg"), encoding="utf-8") as f:
        legend = f.read()
    assert f"<title>{title}</title>" in legend, legend[:400]
    assert ">bus_stop_coverage_pct_400<" not in legend
    assert legend.count('<g class="asset">') == 5, legend  # the asset symbols' key
    # Options win; a zoom range the study does not fill gets a centre zoom inside it.
    v = os.path.join(tmp, "v.pmtiles")
    run(am, "tiles", "vector", atlas, "--zoom", "10-22", "--max-tiles", "100000000",
        "--name", "Tiny atlas", "--description", "Hand-made study",
        "--attribution", "© the test", "-o", v)
    with open(os.path.join(tmp, "v.tilejson"), encoding="utf-8") as f:
        tj = json.load(f)
    assert (tj["name"], tj["description"], tj["attribution"]) == (
        "Tiny atlas", "Hand-made study", "© the test"), tj
    want = fit_zoom(tj["bounds"], 10, 22)
    assert 10 < want < 22 and tj["center"][2] == want, (tj["center"], want)
    # An output that names no tile container is a command-line mistake (exit 2), refused
    # before anything is written — not a folder called v.geojson.
    for kind, extra in [("vector", []), ("raster", ["--indicator", "asset_index"])]:
        bad = os.path.join(tmp, f"{kind}.geojson")
        msg = run(am, "tiles", kind, atlas, *extra, "-o", bad, expect=2)
        assert ".mbtiles, .pmtiles, or a folder" in msg, msg
        assert not os.path.exists(bad)
    # A folder is a path without an extension, or one that exists.
    run(am, "tiles", "vector", atlas, "--zoom", "14-14", "-o", os.path.join(tmp, "xyz"))
    assert os.path.exists(os.path.join(tmp, "xyz", "metadata.json"))


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    am, case = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        CASES[case](am, tmp)
    print(f"{case}: ok")


if __name__ == "__main__":
    main()
