#!/usr/bin/python3
"""Peer of assetmap_bench: the point-in-polygon join done by GeoPandas.

usage: peer_geopandas.py POINTS_BIN N AREAS_CSV COUNTS_OUT [REPEAT]

POINTS_BIN: raw little-endian float64 pairs (x, y) in EPSG:27700, as assetmap_bench writes;
the first N are used. AREAS_CSV: "code,wkt" (MULTIPOLYGON, EPSG:27700). Times only
gpd.sjoin(points, areas, predicate="within"), REPEAT times (default 1; the bench gives
assetmap's figures the same best of --repeat), prints "RESULT points=N seconds=S runs=R"
with the best, and writes the points per area as "code,count" to COUNTS_OUT. Prints
"SKIP reason" and exits with 3 when GeoPandas is missing.
"""
import sys
import time


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    points_bin, n, areas_csv, counts_out = argv[1], int(argv[2]), argv[3], argv[4]
    repeat = int(argv[5]) if len(argv) == 6 else 1
    if repeat < 1:
        print(f"REPEAT must be >= 1, not {repeat}", file=sys.stderr)
        return 2
    try:
        import geopandas as gpd
        import numpy as np
        import pandas as pd
    except ImportError as e:
        print(f"SKIP GeoPandas not available ({e}); apt-get install python3-geopandas "
              "python3-rtree")
        return 3

    xy = np.fromfile(points_bin, dtype="<f8", count=2 * n).reshape(-1, 2)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:27700")
    table = pd.read_csv(areas_csv, dtype={"code": str})
    areas = gpd.GeoDataFrame({"code": table["code"]}, geometry=gpd.GeoSeries.from_wkt(table["wkt"]),
                             crs="EPSG:27700")

    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        joined = gpd.sjoin(points, areas, predicate="within")
        runs.append(time.perf_counter() - start)
    seconds = min(runs)

    counts = joined.groupby("code").size()
    with open(counts_out, "w") as f:
        f.write("code,count\n")
        for code, count in counts.items():
            f.write(f"{code},{count}\n")
    print(f"geopandas {gpd.__version__}, sindex {type(areas.sindex).__module__}", flush=True)
    print("JOIN runs (s): " + " ".join(f"{r:.3f}" for r in runs))
    print(f"RESULT points={len(points)} seconds={seconds:.6f} runs={repeat}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
