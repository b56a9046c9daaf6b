#!/usr/bin/python3
"""Independent check of the Wales studies (datasets/wales, datasets/wales_lsoa).

Runs `assetmap measure` on each study, then counts GP practices and public libraries per
local authority independently with GeoPandas on the same files: the points of
wales/wales_gp_practices_2023-02.geojson and wales/wales_libraries_2025-04.geojson are
projected to EPSG:27700 by pyproj and joined to the study's polygons (`sjoin`, predicate
"intersects", so boundary points count); a point on a boundary shared by several areas is
given to the lowest area code (the README's shared-edge rule), and each area's local
authority is its LAD11CD. Compared with the sum per `parent_code` of `gp_doctors_count` and
`library_count` in the atlas's `areas` layer: every local authority must agree exactly.
Also checks the comparators layer (the study, the 22 local authorities, the Wales region)
and the names of the comparators in the metadata.
Usage: check_wales_counts.py <assetmap binary> <source dir> <data dir> [study …]
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

import geopandas as gpd

STUDIES = {
    "wales": ("wales_msoa11_bgc.geojson", "MSOA11CD"),
    "wales_lsoa": ("wales_lsoa11_bgc.geojson", "LSOA11CD"),
}
POINTS = {
    "gp_doctors": "wales/wales_gp_practices_2023-02.geojson",
    "library": "wales/wales_libraries_2025-04.geojson",
}


def expected_counts(data, areas_file, code_field):
    areas = gpd.read_file(os.path.join(data, areas_file)).to_crs(27700)
    out = {}
    for category, path in POINTS.items():
        pts = gpd.read_file(os.path.join(data, path)).to_crs(27700)
        pts["point"] = range(len(pts))
        joined = gpd.sjoin(pts, areas[[code_field, "LAD11CD", "geometry"]],
                           predicate="intersects", how="inner")
        # Shared-edge rule: the lowest area code.
        first = joined.sort_values(code_field).drop_duplicates("point", keep="first")
        out[category] = first.groupby("LAD11CD").size().to_dict()
    return out


def check_study(assetmap, src, data, study):
    areas_file, code_field = STUDIES[study]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = os.path.join(tmp, study + ".gpkg")
        subprocess.run([assetmap, "-q", "measure", os.path.join(src, "datasets", study,
                                                                 "study.toml"),
                        "-o", gpkg, "--data-dir", data], check=True)
        con = sqlite3.connect(gpkg)
        got = {}
        for category in POINTS:
            rows = con.execute(f"select parent_code, sum({category}_count) from areas "
                               "group by parent_code").fetchall()
            got[category] = {p: int(n) for p, n in rows if n}
        comparators = con.execute("select comparator, kind from comparators").fetchall()
        meta = dict(con.execute("select key, value from metadata").fetchall())
        con.close()
    want = expected_counts(data, areas_file, code_field)
    print(f"== {study}")
    print(f"{'local authority':<16} {'GP assetmap':>11} {'GP geopandas':>12} "
          f"{'lib assetmap':>12} {'lib geopandas':>13}")
    las = sorted(set(want["gp_doctors"]) | set(got["gp_doctors"]) | set(want["library"]) |
                 set(got["library"]))
    for la in las:
        row = []
        for category in POINTS:
            g, w = got[category].get(la, 0), want[category].get(la, 0)
            failed += g != w
            row += [g, w]
        ok = row[0] == row[1] and row[2] == row[3]
        print(f"{la:<16} {row[0]:>11} {row[1]:>12} {row[2]:>12} {row[3]:>13}"
              f"{'' if ok else '  MISMATCH'}")
    totals = [sum(got['gp_doctors'].values()), sum(want['gp_doctors'].values()),
              sum(got['library'].values()), sum(want['library'].values())]
    print(f"{'total':<16} {totals[0]:>11} {totals[1]:>12} {totals[2]:>12} {totals[3]:>13}")
    if len(las) != 22:
        print(f"expected 22 local authorities, found {len(las)}")
        failed += 1
    kinds = [k for _, k in comparators]
    if kinds.count("parent") != 22 or kinds.count("study") != 1 or \
            ("Wales", "region") not in comparators:
        print(f"comparators are not study + 22 local authorities + Wales: {comparators}")
        failed += 1
    for key, value in [("comparator.Wales.name", "Wales"), ("comparator.Wales.name_cy", "Cymru"),
                       ("comparator.W06000022.name_cy", "Casnewydd"),
                       ("comparator.W06000001.name_cy", "Ynys Môn"),
                       ("category.pharmacy.completeness", "partial"),
                       ("category.gp_doctors.completeness", "complete")]:
        if meta.get(key) != value:
            print(f"metadata {key} = {meta.get(key)!r}, expected {value!r}")
            failed += 1
    return failed


def main():
    assetmap, src, data = sys.argv[1:4]
    studies = sys.argv[4:] or list(STUDIES)
    failed = sum(check_study(assetmap, src, data, s) for s in studies)
    print("all counts agree" if not failed else f"{failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
