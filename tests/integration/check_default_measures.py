#!/usr/bin/python3
"""Independent check of `assetmap measure` on the default study (Newport) with GeoPandas.

Runs the CLI, then recomputes from the input files (areas, population and OA points read
with GeoPandas/pandas and projected by pyproj) and the output's asset layers:
  count          assets per MSOA by spatial join (points on a shared edge are the only
                 possible disagreement; none occur here)            exact
  nearest_m      population-weighted mean distance to the nearest asset
                 (all point-asset distances with numpy)             |diff| <= 0.01 m
  coverage_pct_T weighted share of residents within T               |diff| <= 1e-6 points
  m2_per_person  area of (MSOA ∩ union of footprints) / population  relative diff <= 1e-6
Both sides use EPSG:27700 via PROJ, so they agree to rounding.
Usage: check_default_measures.py <assetmap binary> <source dir> <data dir>
"""
import os
import subprocess
import sys
import tempfile

import geopandas as gpd
import numpy as np
import pandas as pd

THRESHOLDS = {}  # filled from the output's metadata


def main():
    assetmap, src, data = sys.argv[1:4]
    tmp = tempfile.mkdtemp()
    gpkg = os.path.join(tmp, "newport.gpkg")
    subprocess.run([assetmap, "-q", "measure", os.path.join(src, "datasets/newport/study.toml"),
                    "-o", gpkg, "--data-dir", data, "--threads", "2"], check=True)
    out_areas = gpd.read_file(gpkg, layer="areas").set_index("code")
    assets = gpd.read_file(gpkg, layer="assets")
    footprints = gpd.read_file(gpkg, layer="asset_footprints")
    meta = gpd.read_file(gpkg, layer="metadata")
    meta = dict(zip(meta["key"], meta["value"]))

    msoa = gpd.read_file(os.path.join(data, "wales_msoa11_bgc.geojson"))
    msoa = msoa[msoa.LAD11CD == "W06000022"].to_crs(27700).set_index("MSOA11CD")
    pop = pd.read_csv(os.path.join(data, "wales_msoa11_pop2011.csv")).set_index("MSOA11CD")
    oa = pd.read_csv(os.path.join(data, "wales_oa11_pop2011_centroids.csv"))
    oa = oa[oa.LAD11CD == "W06000022"]
    pts = gpd.GeoDataFrame(oa, geometry=gpd.points_from_xy(oa.lon, oa.lat),
                           crs="EPSG:4326").to_crs(27700)

    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {name} {detail}")

    for cat in sorted(assets.category.unique()):
        a = assets[assets.category == cat][["geometry"]]
        # count
        joined = gpd.sjoin(a, msoa[["geometry"]], predicate="intersects", how="inner")
        counts = joined.groupby("index_right").size()
        for code in msoa.index:
            want = int(counts.get(code, 0))
            got = out_areas.loc[code, f"{cat}_count"]
            check(f"{cat}_count {code}", want == got, f"want {want} got {got}")
        # nearest and coverage
        # Brute force with numpy: every point against every asset (475 × at most ~800).
        px, py = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
        ax, ay = a.geometry.x.to_numpy(), a.geometry.y.to_numpy()
        dist = np.sqrt((px[:, None] - ax[None, :]) ** 2 + (py[:, None] - ay[None, :]) ** 2)
        near = pd.DataFrame({"MSOA11CD": pts.MSOA11CD.to_numpy(),
                             "pop2011": pts.pop2011.to_numpy(), "d": dist.min(axis=1)})
        thresholds = [float(t) for t in meta.get(f"measure.{cat}.thresholds_m", "").split(",") if t]
        for code, g in near.groupby("MSOA11CD"):
            w = g.pop2011.to_numpy(float)
            d = g.d.to_numpy(float)
            want = float((w * d).sum() / w.sum())
            got = out_areas.loc[code, f"{cat}_nearest_m"]
            check(f"{cat}_nearest_m {code}", abs(want - got) <= 0.01, f"want {want} got {got}")
            for t in thresholds:
                label = str(int(t)) if t == int(t) else str(t).replace(".", "p")
                want = float(100 * (w * (d <= t)).sum() / w.sum())
                got = out_areas.loc[code, f"{cat}_coverage_pct_{label}"]
                check(f"{cat}_coverage_pct_{label} {code}", abs(want - got) <= 1e-6,
                      f"want {want} got {got}")
    # m2_per_person for area categories
    for cat in sorted(footprints.category.unique()):
        cover = footprints[footprints.category == cat].geometry.make_valid().unary_union
        for code, geom in msoa.geometry.items():
            area = geom.intersection(cover).area
            want = area / pop.loc[code, "pop2011"]
            got = out_areas.loc[code, f"{cat}_m2_per_person"]
            ok = abs(want - got) <= 1e-6 * max(1.0, abs(want))
            check(f"{cat}_m2_per_person {code}", ok, f"want {want} got {got}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
