#!/usr/bin/python3
"""Naive raster tile loop with python3-mapnik: the peer of assetmap_bench_raster.

One mapnik.Map, one 256 px (or 512 px @2x) tile at a time: zoom to the tile, render, and
encode it unless it is fully transparent (the same skip as assetmap's). The style is the very
XML assetmap built (style.xml in --work-dir); the data are the same features as GeoJSON in
EPSG:3857 (areas.geojson, area_labels.geojson, assets.geojson), attached to the style's
layers by name like assetmap's memory datasources. Tiles come from ranges.txt
("z min_x min_y max_x max_y" per line, XYZ). Loading the style and the GeoJSON is not timed;
the loop is. Prints "tiles N", "written N", "bytes N", "seconds S" (best of --repeat).

With --mbtiles OUT (the whole-process run of the bench), each written tile also goes into an
MBTiles file (sqlite3, one transaction, the `tiles` table of the MBTiles 1.3 spec with TMS
rows), as a naive tile script would write it; the bench then times the whole process.

Run with /usr/bin/python3 (Debian's python3-mapnik).
"""
import argparse
import math
import os
import sqlite3
import sys
import time

import mapnik

HALF = 20037508.342789244


def tile_box(z, x, y):
    w = 2 * HALF / (1 << z)
    return mapnik.Box2d(-HALF + x * w, HALF - (y + 1) * w, -HALF + (x + 1) * w, HALF - y * w)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--styles-dir", required=True)
    ap.add_argument("--fonts-dir", required=True)
    ap.add_argument("--plugins-dir", required=True)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--format", default="png8:m=h")
    ap.add_argument("--buffer", type=int, default=128)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--mbtiles", default="")
    a = ap.parse_args()

    mapnik.register_fonts(a.fonts_dir)
    mapnik.register_plugins(a.plugins_dir)
    size = 256 * a.scale
    m = mapnik.Map(size, size)
    with open(os.path.join(a.work_dir, "style.xml")) as f:
        xml = f.read()
    base = a.styles_dir if a.styles_dir.endswith("/") else a.styles_dir + "/"
    mapnik.load_map_from_string(m, xml, True, base)
    sources = {
        "areas": "areas.geojson",
        "area-labels": "area_labels.geojson",
        "assets": "assets.geojson",
        "asset-labels": "assets.geojson",
    }
    cache = {}
    for layer in m.layers:
        fname = sources[layer.name]
        if fname not in cache:
            cache[fname] = mapnik.Datasource(type="geojson",
                                             file=os.path.join(a.work_dir, fname))
        layer.datasource = cache[fname]
    m.buffer_size = a.buffer * a.scale

    tiles = []
    with open(os.path.join(a.work_dir, "ranges.txt")) as f:
        for line in f:
            z, x0, y0, x1, y1 = map(int, line.split())
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    tiles.append((z, x, y))

    db = None
    if a.mbtiles:
        if os.path.exists(a.mbtiles):
            os.remove(a.mbtiles)
        db = sqlite3.connect(a.mbtiles)
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                   "tile_row INTEGER, tile_data BLOB)")
        db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)",
                       [("name", "peer"), ("format", "png")])

    best = None
    for _ in range(a.repeat):
        written = 0
        nbytes = 0
        t0 = time.perf_counter()
        for z, x, y in tiles:
            m.zoom_to_box(tile_box(z, x, y))
            im = mapnik.Image(size, size)
            mapnik.render(m, im, float(a.scale))
            if im.is_solid() and im.get_pixel(0, 0, True).a == 0:
                continue  # fully transparent: skipped, as assetmap does
            data = im.tostring(a.format)
            if db is not None:
                db.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)",
                           (z, x, (1 << z) - 1 - y, sqlite3.Binary(data)))
            written += 1
            nbytes += len(data)
        if db is not None:
            db.commit()
        dt = time.perf_counter() - t0
        if best is None or dt < best[0]:
            best = (dt, written, nbytes)
    print("tiles", len(tiles))
    print("written", best[1])
    print("bytes", best[2])
    print("seconds", "%.6f" % best[0])


if __name__ == "__main__":
    sys.exit(main())
