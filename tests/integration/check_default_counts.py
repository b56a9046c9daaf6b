#!/usr/bin/python3
"""Independent check of `assetmap ingest` on the default study (Newport).

Runs the CLI, then recomputes what it should have found with other tools:
- OSM assets per category: osmium-tool (`osmium export`, which builds node, way and
  multipolygon geometries itself) and this script's own reading of datasets/taxonomy.toml
  (Python's tomllib), matching raw tags; an object counts once per category it matches.
  Compared, category by category, with the assets whose source_ids include the OSM source.
- GTFS bus stops inside Newport's 20 MSOAs: GeoPandas (`sjoin`, predicate "intersects", so
  boundary points count) on the stops of the zip with location_type empty or 0. Compared
  with the number of GTFS records in the output (kept or merged into an OSM stop).
Usage: check_default_counts.py <assetmap binary> <source dir> <data dir>
"""
import collections
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
import zipfile

import geopandas as gpd
import pandas as pd


def selectors(taxonomy_path):
    with open(taxonomy_path, "rb") as f:
        tax = tomllib.load(f)
    out = {}
    for cat in tax["category"]:
        sels = []
        for text in cat.get("osm", []):
            conds = []
            for part in text.split("&"):
                k, v = (s.strip() for s in part.split("=", 1))
                conds.append((k, None if v == "*" else {x.strip() for x in v.split("|")}))
            sels.append(conds)
        out[cat["id"]] = sels
    return out


def matches(sels, tags):
    for conds in sels:
        if all(k in tags and (vals is None or tags[k] in vals) for k, vals in conds):
            return True
    return False


def osm_expected(pbf, cats):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "x.geojsonseq")
        subprocess.run(["osmium", "export", "-f", "geojsonseq", "-u", "type_id", "-O", "-o",
                        out, pbf], check=True, capture_output=True)
        found = collections.defaultdict(set)
        with open(out) as f:
            for line in f:
                feat = json.loads(line.strip().lstrip("\x1e"))
                fid = feat["id"]
                if fid[0] == "a":  # areas: 2*way_id or 2*relation_id+1
                    n = int(fid[1:])
                    fid = f"w{n // 2}" if n % 2 == 0 else f"r{n // 2}"
                tags = feat["properties"]
                for cat, sels in cats.items():
                    if matches(sels, tags):
                        found[cat].add(fid)
    return {c: len(ids) for c, ids in found.items()}


def gtfs_expected(zip_path, msoa_path):
    with zipfile.ZipFile(zip_path) as z:
        stops = pd.read_csv(io.BytesIO(z.read("stops.txt")), dtype={"stop_id": str})
    lt = stops.get("location_type")
    if lt is not None:
        stops = stops[lt.isna() | (lt == 0)]
    pts = gpd.GeoDataFrame(stops, geometry=gpd.points_from_xy(stops.stop_lon, stops.stop_lat),
                           crs="EPSG:4326").to_crs(27700)
    areas = gpd.read_file(msoa_path)
    areas = areas[areas.LAD11CD == "W06000022"].to_crs(27700)
    joined = gpd.sjoin(pts, areas, predicate="intersects", how="inner")
    return joined.stop_id.nunique()


def main():
    assetmap, src, data = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = os.path.join(tmp, "newport.gpkg")
        subprocess.run([assetmap, "-q", "ingest", os.path.join(src, "datasets/newport/study.toml"),
                        "-o", gpkg, "--data-dir", data], check=True)
        con = sqlite3.connect(gpkg)
        rows = con.execute("select category, source_ids from assets").fetchall()
        con.close()
    got_osm = collections.Counter()
    got_gtfs = 0
    for cat, ids in rows:
        parts = ids.split(";")
        got_osm[cat] += sum(p.startswith("osm:") for p in parts)
        got_gtfs += sum(p.startswith("bods_bus:") for p in parts)

    cats = selectors(os.path.join(src, "datasets/taxonomy.toml"))
    want_osm = osm_expected(os.path.join(data, "newport_2023-06-13.osm.pbf"), cats)
    want_gtfs = gtfs_expected(os.path.join(data, "newport_bus_gtfs_2024-03-05.zip"),
                              os.path.join(data, "wales_msoa11_bgc.geojson"))
    failed = 0
    print(f"{'category':<18} {'assetmap':>8} {'osmium':>8}")
    for cat in sorted(set(want_osm) | set(got_osm)):
        ok = want_osm.get(cat, 0) == got_osm.get(cat, 0)
        failed += not ok
        print(f"{cat:<18} {got_osm.get(cat, 0):>8} {want_osm.get(cat, 0):>8} {'' if ok else 'MISMATCH'}")
    ok = want_gtfs == got_gtfs
    failed += not ok
    print(f"{'gtfs stops in Newport':<22} assetmap {got_gtfs} geopandas {want_gtfs} {'' if ok else 'MISMATCH'}")
    checks = len(set(want_osm) | set(got_osm)) + 1
    print(f"{checks - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
