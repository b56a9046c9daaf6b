#!/usr/bin/python3
"""Independent check of the public-transport measures of `assetmap measure` on Newport.

Runs the CLI on the default study (its [transit]: the bus and rail GTFS zips, weekday_am),
then:
  1. per point: the `transit_points` layer gives, for every population point and category,
     the engine's median door-to-door minutes. transit_oracle.py recomputes them without any
     assetmap code (zipfile + csv timetables, a layered time-expanded networkx graph, the
     networkx walking network of check_default_network.py; see its docstring) from the same
     GTFS zips, OSM extract and OA centroids, with the assets of the output's `assets`
     layer. A (point, category) pair agrees when both are unreachable or both round to the
     same whole minute; at least 99% must agree (the issue's bar), the rest are listed.
  2. per area: from the engine's per-point minutes and the OA populations (pop2011),
     this script recomputes every pt_ column of the `areas` layer with the README's
     formulas - pt_minutes: the weighted mean over the points that reach an asset;
     pt_coverage_pct_<M>: 100 x the weight within M minutes / all weight; pt_reachable_pct:
     100 x the weight that reaches one / all weight - to 1e-9 relative, and the same for the
     `study` comparator over the areas that are not partial_data for the category.

Usage: check_default_transit.py <assetmap binary> <source dir> <data dir> [--gpkg existing]
Prints "N passed, M failed"; exits 1 on any failure.
"""
import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
import tomllib

import geopandas as gpd
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
LAD = "W06000022"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("assetmap")
    ap.add_argument("source_dir")
    ap.add_argument("data_dir")
    ap.add_argument("--gpkg")
    args = ap.parse_args()

    study_toml = os.path.join(args.source_dir, "datasets/newport/study.toml")
    work = tempfile.mkdtemp()
    gpkg = args.gpkg or os.path.join(work, "newport.gpkg")
    if not args.gpkg:
        subprocess.run([args.assetmap, "-q", "measure", study_toml, "-o", gpkg, "--data-dir",
                        args.data_dir, "--threads", "2"], check=True)
    with open(study_toml, "rb") as f:
        transit = tomllib.load(f)["transit"]
    window = transit["windows"][0]
    wname = window["name"]

    points = gpd.read_file(gpkg, layer="transit_points")
    assets = gpd.read_file(gpkg, layer="assets")
    areas = gpd.read_file(gpkg, layer="areas").set_index("code")
    comparators = pd.DataFrame(gpd.read_file(gpkg, layer="comparators")).set_index("comparator")
    suffix = f"_pt_minutes_{wname}"
    categories = [c[:-len(suffix)] for c in points.columns if c.endswith(suffix)]

    engine_csv = os.path.join(work, "engine.csv")
    with open(engine_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["point_id", "category", "median_s"])
        for _, p in points.iterrows():
            if not isinstance(p.point_id, str):
                continue
            for c in categories:
                m = p[c + suffix]
                w.writerow([p.point_id, c, "" if pd.isna(m) else int(round(m * 60))])
    assets_csv = os.path.join(work, "assets.csv")
    with open(assets_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["category", "x", "y"])
        for c, g in zip(assets.category, assets.geometry):
            if c in categories:
                w.writerow([c, f"{g.x:.3f}", f"{g.y:.3f}"])

    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {name} {detail}")

    # 1. The oracle, point by point.
    cmd = ["/usr/bin/python3", os.path.join(HERE, "transit_oracle.py"), "--data-dir",
           args.data_dir, "--assets", assets_csv, "--engine", engine_csv,
           "--categories", ",".join(categories),
           "--window", f"{window['start']}-{window['end']}",
           "--max-walk", str(transit.get("max_walk_m", 1000)),
           "--max-transfer", str(transit.get("max_transfer_m", transit.get("max_walk_m", 1000))),
           "--speed", str(transit.get("walk_speed_kmh", 4.8)),
           "--detour", str(transit.get("detour_factor", 1.3)),
           "--max-transfers", str(transit.get("max_transfers", 3)),
           "--max-trip", str(transit.get("max_trip_minutes", 90))]
    if "date" in transit:
        cmd += ["--date", transit["date"]]
    for feed in transit["feeds"]:
        cmd += ["--feed", os.path.join(args.data_dir, feed["path"])]
    oracle = subprocess.run(cmd, capture_output=True, text=True)
    print(oracle.stdout, end="")
    print(oracle.stderr, end="", file=sys.stderr)
    check("oracle agreement >= 99%", oracle.returncode == 0 and "AGREEMENT ok" in oracle.stdout)

    # 2. Area values and the study comparator from the per-point minutes.
    oa = pd.read_csv(os.path.join(args.data_dir, "wales_oa11_pop2011_centroids.csv"))
    weight = dict(zip(oa.OA11CD, oa.pop2011.astype(float)))
    minutes_m = {}
    with open(study_toml, "rb") as f:
        taxonomy_path = os.path.join(os.path.dirname(study_toml),
                                     tomllib.load(f)["study"]["taxonomy"])
    with open(taxonomy_path, "rb") as f:
        for cat in tomllib.load(f)["category"]:
            minutes_m[cat["id"]] = sorted(cat.get("pt_minutes", [15, 30]))

    def close(a, b):
        if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
            return a is None and (b is None or (isinstance(b, float) and math.isnan(b)))
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))

    def values(rows, c):
        """The README's formulas over (weight, minutes or NaN) rows."""
        total = sum(w for w, _ in rows)
        reached = [(w, m) for w, m in rows if not math.isnan(m)]
        wr = sum(w for w, _ in reached)
        out = {f"{c}_pt_minutes_{wname}": (sum(w * m for w, m in reached) / wr) if wr else None,
               f"{c}_pt_reachable_pct_{wname}": 100 * wr / total if total else None}
        for m_ in minutes_m[c]:
            label = f"{m_:g}".replace(".", "p")
            out[f"{c}_pt_coverage_pct_{wname}_{label}"] = (
                100 * sum(w for w, m in reached if m <= m_) / total if total else None)
        return out

    for c in categories:
        pooled = []
        for code in areas.index:
            rows = [(weight[p.point_id], float(p[c + suffix]) if not pd.isna(p[c + suffix])
                     else math.nan)
                    for _, p in points[points.area_code == code].iterrows()]
            for col, want in values(rows, c).items():
                got = areas.loc[code, col]
                check(f"{col} {code}", close(want, None if pd.isna(got) else float(got)),
                      f"want {want} got {got}")
            if not areas.loc[code, f"{c}_partial_data"]:
                pooled += rows
        for col, want in values(pooled, c).items():
            got = comparators.loc["study", col]
            check(f"{col} study", close(want, None if pd.isna(got) else float(got)),
                  f"want {want} got {got}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
