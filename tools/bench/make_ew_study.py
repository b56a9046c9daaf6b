#!/usr/bin/python3
"""Writes a generated study of England-and-Wales size, or a fraction of it (--scale).

At --scale 1: 7,264 MSOAs, 181,000 population points, 1,000,000 assets in the taxonomy's 20
categories and a walking network of 5,000,000 nodes, over a square of 151,000 km2 (the land
area of England and Wales) in EPSG:27700. Everything scales with --scale (areas, points,
assets, nodes and the square's area), so densities stay those of England and Wales:

- areas.geojson: the square cut into a grid of MSOA-sized cells (code E02xxxxxx), each a
  polygon with jittered corners shared with its neighbours (no gaps, no overlaps);
  population.csv: their population (the points' weights summed).
- points.csv: population points (OA centroids): uniform, weight 150..450 residents.
- assets.csv: assets, category drawn uniformly among the 20 categories, uniform positions.
- network.osm.pbf: a jittered grid at the spacing that gives the node count, ways of up to
  10 segments along rows and columns (highway=residential; one link in eight left out),
  written as OSM XML and converted with `osmium cat` (osmium-tool).
- study.toml: the study of those files (straight-line and network measures, catchments at
  5, 10 and 15 minutes), taxonomy = the checkout's datasets/taxonomy.toml.

Deterministic for a seed (numpy's PCG64). Used by tools/bench/bench_ew.sh.

usage: make_ew_study.py OUT_DIR [--scale S] [--seed N] [--taxonomy FILE]
"""
import argparse
import json
import math
import os
import subprocess
import sys

import numpy as np
from pyproj import Transformer

EW_AREA_KM2 = 151_000.0
EW_MSOAS = 7264
EW_POINTS = 181_000
EW_ASSETS = 1_000_000
EW_NODES = 5_000_000
CATEGORIES = [
    "community_centre", "place_of_worship", "social_facility", "arts_centre", "theatre",
    "cinema", "sports_pitch", "sports_leisure", "playground", "allotments", "library",
    "education", "green_space", "bus_stop", "rail_station", "bus_station", "gp_doctors",
    "pharmacy", "food_shop", "post_office",
]
ORIGIN = (200_000.0, 150_000.0)  # EPSG:27700, south-west corner (inside the grid's range)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=20110327)
    ap.add_argument("--taxonomy", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", "taxonomy.toml"))
    a = ap.parse_args()
    if not (0 < a.scale <= 1):
        print("make_ew_study.py: --scale must be in (0, 1]", file=sys.stderr)
        return 2
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.Generator(np.random.PCG64(a.seed))
    side_m = math.sqrt(EW_AREA_KM2 * a.scale) * 1000.0
    x0, y0 = ORIGIN

    # Areas: a grid of about EW_MSOAS * scale cells with shared jittered corners.
    n_areas = max(1, round(EW_MSOAS * a.scale))
    cols = max(1, round(math.sqrt(n_areas)))
    rows = max(1, math.ceil(n_areas / cols))
    cw, ch = side_m / cols, side_m / rows
    jit = rng.uniform(-0.2, 0.2, size=(rows + 1, cols + 1, 2))
    jit[0, :, 1] = jit[-1, :, 1] = 0
    jit[:, 0, 0] = jit[:, -1, 0] = 0
    cx = x0 + (np.arange(cols + 1)[None, :] + jit[:, :, 0]) * cw
    cy = y0 + (np.arange(rows + 1)[:, None] + jit[:, :, 1]) * ch
    codes = []
    features = []
    for r in range(rows):
        for c in range(cols):
            i = r * cols + c
            code = "E02%06d" % (i + 1)
            codes.append(code)
            ring = [(cx[r, c], cy[r, c]), (cx[r, c + 1], cy[r, c + 1]),
                    (cx[r + 1, c + 1], cy[r + 1, c + 1]), (cx[r + 1, c], cy[r + 1, c])]
            ring.append(ring[0])
            features.append({"type": "Feature",
                             "properties": {"code": code, "name": "Area %d" % (i + 1)},
                             "geometry": {"type": "Polygon", "coordinates": [
                                 [[round(x, 2), round(y, 2)] for x, y in ring]]}})
    with open(os.path.join(a.out, "areas.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection",
                   "crs": {"type": "name",
                           "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
                   "features": features}, f)

    # Population points, uniform; the area population is their weights per cell.
    n_points = max(1, round(EW_POINTS * a.scale))
    px = rng.uniform(x0, x0 + side_m, n_points)
    py = rng.uniform(y0, y0 + side_m, n_points)
    pw = rng.integers(150, 451, n_points)
    # The cell of a point by its position among the jittered corners is not needed: the
    # population CSV is the weight per grid cell of the unjittered grid, close enough for a
    # benchmark (the measures use the points themselves).
    cell = (np.minimum(((py - y0) / ch).astype(int), rows - 1) * cols +
            np.minimum(((px - x0) / cw).astype(int), cols - 1))
    pop = np.bincount(cell, weights=pw, minlength=rows * cols)
    with open(os.path.join(a.out, "population.csv"), "w") as f:
        f.write("code,pop\n")
        for code, p in zip(codes, pop):
            f.write("%s,%d\n" % (code, p))
    with open(os.path.join(a.out, "points.csv"), "w") as f:
        f.write("id,easting,northing,weight\n")
        for i in range(n_points):
            f.write("P%d,%.1f,%.1f,%d\n" % (i, px[i], py[i], pw[i]))

    # Assets.
    n_assets = max(len(CATEGORIES), round(EW_ASSETS * a.scale))
    ax = rng.uniform(x0, x0 + side_m, n_assets)
    ay = rng.uniform(y0, y0 + side_m, n_assets)
    ac = rng.integers(0, len(CATEGORIES), n_assets)
    with open(os.path.join(a.out, "assets.csv"), "w") as f:
        f.write("id,name,category,x,y\n")
        for i in range(n_assets):
            f.write("A%d,Asset %d,%s,%.1f,%.1f\n" % (i, i, CATEGORIES[ac[i]], ax[i], ay[i]))

    # Walking network: jittered grid, OSM XML in lon/lat, then .osm.pbf.
    n_nodes = max(4, round(EW_NODES * a.scale))
    gcols = max(2, round(math.sqrt(n_nodes)))
    grows = max(2, math.ceil(n_nodes / gcols))
    spacing = side_m / gcols
    gx = x0 + (np.arange(gcols)[None, :] + rng.uniform(-0.3, 0.3, (grows, gcols))) * spacing
    gy = y0 + (np.arange(grows)[:, None] + rng.uniform(-0.3, 0.3, (grows, gcols))) * spacing
    to_ll = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    lon, lat = to_ll.transform(gx.ravel(), gy.ravel())
    keep_h = rng.random((grows, gcols - 1)) >= 0.125
    keep_v = rng.random((grows - 1, gcols)) >= 0.125
    osm = os.path.join(a.out, "network.osm")
    way_id = 0
    with open(osm, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="make_ew_study">\n')
        buf = []
        for i in range(lon.size):
            buf.append('<node id="%d" version="1" lat="%.7f" lon="%.7f"/>\n' % (i + 1, lat[i], lon[i]))
            if len(buf) >= 100000:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))

        def ways(chains):
            nonlocal way_id
            out = []
            for chain in chains:
                way_id += 1
                out.append('<way id="%d" version="1">' % way_id)
                out.extend('<nd ref="%d"/>' % (n + 1) for n in chain)
                out.append('<tag k="highway" v="residential"/></way>\n')
            f.write("".join(out))

        def runs(keep_row, node_of):
            """Chains of up to 10 kept links along one row (or column)."""
            chains, cur = [], []
            for k, kept in enumerate(keep_row):
                if kept:
                    if not cur:
                        cur = [node_of(k)]
                    cur.append(node_of(k + 1))
                    if len(cur) == 11:
                        chains.append(cur)
                        cur = []
                elif cur:
                    chains.append(cur)
                    cur = []
            if cur:
                chains.append(cur)
            return chains

        for r in range(grows):
            ways(runs(keep_h[r], lambda k, r=r: r * gcols + k))
        for c in range(gcols):
            ways(runs(keep_v[:, c], lambda k, c=c: k * gcols + c))
        f.write("</osm>\n")
    pbf = os.path.join(a.out, "network.osm.pbf")
    subprocess.run(["osmium", "cat", "--overwrite", "-o", pbf, osm], check=True)
    os.remove(osm)

    with open(os.path.join(a.out, "study.toml"), "w") as f:
        f.write('''# Generated by tools/bench/make_ew_study.py --scale %g --seed %d: England-and-Wales
# sized study (x%g): %d areas, %d population points, %d assets, %d network nodes.
[study]
name = "ew_%s"
metric_crs = "EPSG:27700"
data_dir = "."
taxonomy = "%s"
dedupe_distance_m = 0

[areas]
path = "areas.geojson"
code_field = "code"
name_field = "name"

[areas.population_csv]
path = "population.csv"
code_column = "code"
value_column = "pop"

[population_points]
format = "csv"
path = "points.csv"
crs = "EPSG:27700"
x = "easting"
y = "northing"
id = "id"
weight = "weight"

[[assets]]
name = "generated"
format = "csv"
path = "assets.csv"
crs = "EPSG:27700"
x = "x"
y = "y"
id_field = "id"
name_field = "name"
category_field = "category"

[network]
path = "network.osm.pbf"
snap_limit_m = 500
walk_speed_kmh = 4.8
catchment_minutes = [5, 10, 15]
''' % (a.scale, a.seed, a.scale, rows * cols, n_points, n_assets, grows * gcols, ('%g' % a.scale).replace('.', '_'),
       os.path.abspath(a.taxonomy)))
    print("study: %s: %d areas, %d points, %d assets, %d nodes (%d x %d, %.0f m), side %.1f km"
          % (os.path.join(a.out, "study.toml"), rows * cols, n_points, n_assets, grows * gcols,
             grows, gcols, spacing, side_m / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
