#!/usr/bin/python3
"""Independent check of the walking-network measures of `assetmap measure` (Newport).

Runs the CLI on the default study, then recomputes walking distances without any assetmap
code, from the same input files:

  network   osmium-tool (`osmium cat -f opl`) prints every node and way of
            newport_2023-06-13.osm.pbf; this script applies the walkability rules of
            engine/include/assetmap/io/osm_network_reader.hpp, written again here: highway in
            WALKABLE (footway, path, pedestrian, steps, living_street, residential, service,
            unclassified, tertiary/secondary/primary and their _link, trunk/trunk_link,
            track, cycleway, bridleway; never motorway), not foot=no, and not
            access=no|private unless foot=yes|designated|permissive. Every OSM vertex is a
            networkx node (no junction splitting is needed: it does not change distances);
            each pair of consecutive vertices is an undirected edge weighted by its length
            in EPSG:27700 (pyproj, EPSG:4326 -> EPSG:27700, always_xy=True), so one-way
            streets are walkable both ways.
  snapping  population points (wales_oa11_pop2011_centroids.csv, LAD11CD W06000022, lon/lat
            projected by pyproj) and the category's assets (the `assets` layer of the output,
            EPSG:27700) go to the nearest point on any edge segment (brute force with numpy),
            where a virtual node splits the segment; farther than the snap limit (500 m)
            they are left out. An asset is a leaf joined to its virtual node by its snap
            distance.
  paths     networkx.multi_source_dijkstra_path_length from the category's asset leaves,
            one search per category; a point's walking distance is the distance of its
            virtual node plus its own snap distance; unreached points are left out.

and compares, per MSOA and category, with the definitions of the README ("Measures"):
  <c>_net_nearest_m     weighted mean (pop2011) of the walking distance over the snapped
                        points that reach an asset; null when none does    |diff| <= 0.5 m
  <c>_net_minutes       the same at walk_speed_kmh (study file; 4.8)
                                                        |diff| <= 0.5 m at that speed
  <c>_net_coverage_pct_T  weighted share of the snapped points with walking distance <= T
                        (unreached: not covered); a point within 0.5 m of T may count either
                        way, so the value must lie in [share at T-0.5, share at T+0.5] ± 1e-6
  <c>_net_cumulative_T  weighted mean over snapped points of the assets within T walking
                        metres (one networkx search per asset, bounded at T); same band
  <c>_net_reachable_pct weighted share of the snapped points that reach any asset  ± 1e-6
With no snapped point in an area, every <c>_net_ value must be null. T comes from the
column names; the snap limit and walking speed from the study file's [network] table.
Before any of that, the population points of the output must sit within 1 mm of this
script's own projection of the same lon/lat (same PROJ operation on both sides).

Tolerance, 0.5 m: both sides walk the same vertices projected by the same PROJ operation,
so an exact implementation agrees to rounding (≪ 1 mm; the largest difference is printed).
Everything that changes the model — a way kept or dropped by the rules, snapping to a node
instead of an edge, a snap distance left out, a wrong component — moves an area's mean by
metres. 0.5 m is far below that yet leaves room for lengths or coordinates stored in single
precision and for an equidistant snap decided differently at one point.

Usage: check_default_network.py <assetmap binary> <source dir> <data dir>
           [--categories bus_stop,gp_doctors|all] [--gpkg existing.gpkg]
           [--dump-points FILE.csv]
--gpkg reads an existing output instead of running the CLI; --dump-points writes the
per-point distances (category, OA code, area code, snap distance, walking distance) for
debugging against assetmap's own per-point values.
Prints "N passed, M failed"; exits 1 on any failure.
"""
import argparse
import collections
import math
import os
import re
import subprocess
import sys
import tempfile
import tomllib

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from pyproj import Transformer

LAD = "W06000022"  # Newport
OSM_FILE = "newport_2023-06-13.osm.pbf"
SNAP_LIMIT_M = 500.0     # defaults of the study file's [network] table
WALK_SPEED_KMH = 4.8
TOLERANCE_M = 0.5
DEFAULT_CATEGORIES = ["bus_stop", "gp_doctors"]

WALKABLE = {
    "footway", "path", "pedestrian", "steps", "living_street", "residential", "service",
    "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
    "primary_link", "trunk", "trunk_link", "track", "cycleway", "bridleway",
}
FOOT_OVERRIDES_ACCESS = {"yes", "designated", "permissive"}

_OPL_ESCAPE = re.compile(r"%([0-9a-fA-F]+)%")


def opl_unescape(s):
    """OPL escapes every special character as %<hex code point>%."""
    return _OPL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)


def opl_tags(field):
    """'Tk=v,k2=v2' -> dict (the leading 'T' included in `field`)."""
    tags = {}
    body = field[1:]
    if not body:
        return tags
    for kv in body.split(","):
        k, _, v = kv.partition("=")
        tags[opl_unescape(k)] = opl_unescape(v)
    return tags


def walkable(tags):
    """The walkability rules of osm_network_reader.hpp, implemented independently."""
    highway = tags.get("highway")
    if highway not in WALKABLE:
        return False
    foot = tags.get("foot")
    if foot in ("no", "private"):
        return False
    if tags.get("access") in ("no", "private") and foot not in FOOT_OVERRIDES_ACCESS:
        return False
    return True


def read_network(pbf, to_bng):
    """Walkable segments from the .pbf via osmium-tool: (graph, segment arrays, stats)."""
    proc = subprocess.run(["osmium", "cat", "-f", "opl,add_metadata=false", pbf],
                          check=True, capture_output=True, text=True)
    lon_lat = {}
    way_refs = []
    stats = collections.Counter()
    for line in proc.stdout.splitlines():
        kind = line[:1]
        if kind == "n":
            fields = line.split(" ")
            x = y = None
            for f in fields[1:]:
                if f.startswith("x") and len(f) > 1:
                    x = float(f[1:])
                elif f.startswith("y") and len(f) > 1:
                    y = float(f[1:])
            if x is not None and y is not None:
                lon_lat[int(fields[0][1:])] = (x, y)
        elif kind == "w":
            fields = line.split(" ")
            tags = {}
            refs = []
            for f in fields[1:]:
                if f.startswith("T"):
                    tags = opl_tags(f)
                elif f.startswith("N") and len(f) > 1:
                    refs = [int(r[1:]) for r in f[1:].split(",") if r]
            if "highway" not in tags:
                continue
            stats["ways_with_highway"] += 1
            if walkable(tags):
                stats["ways_walkable"] += 1
                way_refs.append(refs)

    used = sorted({r for refs in way_refs for r in refs if r in lon_lat})
    lon = np.array([lon_lat[r][0] for r in used])
    lat = np.array([lon_lat[r][1] for r in used])
    x, y = to_bng.transform(lon, lat)
    xy = {r: (float(a), float(b)) for r, a, b in zip(used, x, y)}

    graph = nx.Graph()
    seen = set()
    seg_u, seg_v = [], []
    for refs in way_refs:
        for a, b in zip(refs, refs[1:]):
            if a not in xy or b not in xy:
                stats["segments_missing_node"] += 1
                continue
            if a == b:
                continue
            key = (a, b) if a < b else (b, a)
            if key in seen:
                continue
            seen.add(key)
            (ax, ay), (bx, by) = xy[key[0]], xy[key[1]]
            graph.add_edge(key[0], key[1], weight=math.hypot(bx - ax, by - ay))
            seg_u.append(key[0])
            seg_v.append(key[1])
    segs = {
        "u": np.array(seg_u, dtype=np.int64),
        "v": np.array(seg_v, dtype=np.int64),
        "ax": np.array([xy[u][0] for u in seg_u]),
        "ay": np.array([xy[u][1] for u in seg_u]),
        "bx": np.array([xy[v][0] for v in seg_v]),
        "by": np.array([xy[v][1] for v in seg_v]),
    }
    stats["segments"] = len(seg_u)
    stats["vertices"] = graph.number_of_nodes()
    return graph, segs, stats


def snap(segs, px, py):
    """Nearest point on any segment: (segment index, t from u in [0, 1], distance m)."""
    ax, ay = segs["ax"], segs["ay"]
    dx, dy = segs["bx"] - ax, segs["by"] - ay
    len2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(len2 > 0, ((px - ax) * dx + (py - ay) * dy) / len2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    d = np.hypot(px - (ax + t * dx), py - (ay + t * dy))
    i = int(np.argmin(d))
    return i, float(t[i]), float(d[i])


def insert_virtual_nodes(graph, segs, snaps):
    """Splits each snapped segment at its snaps. `snaps`: {key: (segment, t)}; the virtual
    node of a snap is ("v", key)."""
    by_segment = collections.defaultdict(list)
    for key, (i, t) in snaps.items():
        by_segment[i].append((t, key))
    for i, items in by_segment.items():
        u, v = int(segs["u"][i]), int(segs["v"][i])
        length = graph[u][v]["weight"]
        graph.remove_edge(u, v)
        items.sort()
        prev, prev_t = u, 0.0
        for t, key in items:
            node = ("v", key)
            graph.add_edge(prev, node, weight=(t - prev_t) * length)
            prev, prev_t = node, t
        graph.add_edge(prev, v, weight=(1.0 - prev_t) * length)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("assetmap")
    parser.add_argument("source_dir")
    parser.add_argument("data_dir")
    parser.add_argument("--categories", default=",".join(DEFAULT_CATEGORIES))
    parser.add_argument("--gpkg", help="read this output instead of running the CLI")
    parser.add_argument("--dump-points", help="write per-point distances to this CSV")
    args = parser.parse_args()

    study_toml = os.path.join(args.source_dir, "datasets/newport/study.toml")
    gpkg = args.gpkg
    if not gpkg:
        gpkg = os.path.join(tempfile.mkdtemp(), "newport.gpkg")
        subprocess.run([args.assetmap, "-q", "measure", study_toml, "-o", gpkg,
                        "--data-dir", args.data_dir, "--threads", "2"], check=True)
    out_areas = gpd.read_file(gpkg, layer="areas").set_index("code")
    assets = gpd.read_file(gpkg, layer="assets")
    out_points = gpd.read_file(gpkg, layer="population_points").set_index("id")

    with open(study_toml, "rb") as f:
        net_cfg = tomllib.load(f).get("network", {})
    snap_limit_m = float(net_cfg.get("snap_limit_m", SNAP_LIMIT_M))
    m_per_min = float(net_cfg.get("walk_speed_kmh", WALK_SPEED_KMH)) * 1000.0 / 60.0

    categories = (sorted(assets.category.unique()) if args.categories == "all"
                  else args.categories.split(","))

    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    graph, segs, stats = read_network(os.path.join(args.data_dir, OSM_FILE), to_bng)
    print(f"network: {stats['ways_walkable']} walkable of {stats['ways_with_highway']} highway "
          f"ways, {stats['vertices']} vertices, {stats['segments']} segments, "
          f"{stats['segments_missing_node']} segments with a missing node, "
          f"{nx.number_connected_components(graph)} components")

    oa = pd.read_csv(os.path.join(args.data_dir, "wales_oa11_pop2011_centroids.csv"))
    oa = oa[oa.LAD11CD == LAD].reset_index(drop=True)
    px, py = to_bng.transform(oa.lon.to_numpy(), oa.lat.to_numpy())

    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {name} {detail}")

    # Same projection on both sides, or nothing below is comparable.
    worst = 0.0
    for i, code in enumerate(oa.OA11CD):
        if code in out_points.index:
            g = out_points.loc[code].geometry
            worst = max(worst, math.hypot(g.x - px[i], g.y - py[i]))
    check("projection", worst <= 0.001 and len(out_points) == len(oa),
          f"population points differ by up to {worst:.6f} m ({len(out_points)} vs {len(oa)})")

    snaps = {}
    point_snap = {}
    for i in range(len(oa)):
        s, t, d = snap(segs, px[i], py[i])
        if d <= snap_limit_m:
            snaps[("p", i)] = (s, t)
            point_snap[i] = d
    asset_snap = {}
    for cat in categories:
        a = assets[assets.category == cat]
        for aid, g in zip(a.index, a.geometry):
            s, t, d = snap(segs, g.x, g.y)
            if d <= snap_limit_m:
                snaps[("a", cat, aid)] = (s, t)
                asset_snap[(cat, aid)] = d
    insert_virtual_nodes(graph, segs, snaps)
    for (cat, aid), d in asset_snap.items():
        graph.add_edge(("asset", cat, aid), ("v", ("a", cat, aid)), weight=d)
    print(f"snapped: {len(point_snap)} of {len(oa)} points within {snap_limit_m:g} m; "
          f"assets: " + ", ".join(
              f"{cat} {sum(1 for c, _ in asset_snap if c == cat)} of "
              f"{int((assets.category == cat).sum())}" for cat in categories))

    dump = []
    max_diff = 0.0
    weights = oa.pop2011.to_numpy(float)
    area_codes = oa.MSOA11CD.to_numpy()
    snapped = np.array([i in point_snap for i in range(len(oa))])
    snap_d = np.array([point_snap.get(i, math.nan) for i in range(len(oa))])
    for cat in categories:
        if not (assets.category == cat).any():
            print(f"{cat}: no asset in the study (its measures are null); skipped")
            continue
        sources = [("asset", c, aid) for (c, aid) in asset_snap if c == cat]
        if not sources:
            print(f"{cat}: no asset within {snap_limit_m:g} m of the network; none reached")
        # Nearest: one search from all the category's assets.
        dist = (nx.multi_source_dijkstra_path_length(graph, sources, weight="weight")
                if sources else {})
        walk = np.full(len(oa), np.inf)
        for i in point_snap:
            d = dist.get(("v", ("p", i)))
            if d is not None:
                walk[i] = d + snap_d[i]
        for i in range(len(oa)):
            dump.append((cat, oa.OA11CD[i], area_codes[i], snap_d[i], walk[i]))
        thresholds = {}
        for col in out_areas.columns:
            for kind in ("coverage_pct", "cumulative"):
                prefix = f"{cat}_net_{kind}_"
                if col.startswith(prefix):
                    label = col[len(prefix):]
                    thresholds[label] = float(label.replace("p", "."))
        # Cumulative: per asset, a search bounded at the largest T; counts per point and T,
        # low (pairs within TOLERANCE_M of T not counted) and high (counted).
        t_max = max(thresholds.values(), default=0.0)
        count_lo = {label: np.zeros(len(oa)) for label in thresholds}
        count_hi = {label: np.zeros(len(oa)) for label in thresholds}
        if thresholds:
            for leaf in sources:
                reach = nx.single_source_dijkstra_path_length(graph, leaf, cutoff=t_max,
                                                              weight="weight")
                for i in point_snap:
                    d = reach.get(("v", ("p", i)))
                    if d is None:
                        continue
                    d += snap_d[i]
                    for label, t in thresholds.items():
                        count_lo[label][i] += d <= t - TOLERANCE_M
                        count_hi[label][i] += d <= t + TOLERANCE_M

        def value(code, column):
            v = out_areas.loc[code, column] if column in out_areas.columns else None
            return math.nan if v is None else float(v)

        for code in out_areas.index:
            in_area = (area_codes == code) & snapped
            reached = in_area & np.isfinite(walk)
            w_snapped = weights[in_area].sum()
            w_reached = weights[reached].sum()
            col = f"{cat}_net_nearest_m"
            if col not in out_areas.columns:
                check(col, False, "column missing from the areas layer")
                break
            got = value(code, col)
            if w_reached > 0:
                want = float((weights[reached] * walk[reached]).sum() / w_reached)
                max_diff = max(max_diff, abs(want - got)) if not math.isnan(got) else math.inf
                check(f"{col} {code}", abs(want - got) <= TOLERANCE_M,
                      f"want {want:.3f} got {got:.3f}")
                mcol = f"{cat}_net_minutes"
                got_min = value(code, mcol)
                check(f"{mcol} {code}",
                      abs(want / m_per_min - got_min) <= TOLERANCE_M / m_per_min,
                      f"want {want / m_per_min:.4f} got {got_min:.4f}")
            else:
                check(f"{col} {code}", math.isnan(got), f"want null got {got}")
            if not w_snapped > 0:
                for column in [c for c in out_areas.columns if c.startswith(f"{cat}_net_")]:
                    got = value(code, column)
                    check(f"{column} {code}", math.isnan(got), f"want null got {got}")
                continue
            # Coverage and cumulative over the snapped points; a point within TOLERANCE_M of
            # T may fall either side.
            for label, t in thresholds.items():
                ccol = f"{cat}_net_coverage_pct_{label}"
                if ccol in out_areas.columns:
                    lo = 100 * weights[in_area & (walk <= t - TOLERANCE_M)].sum() / w_snapped
                    hi = 100 * weights[in_area & (walk <= t + TOLERANCE_M)].sum() / w_snapped
                    got = value(code, ccol)
                    check(f"{ccol} {code}", lo - 1e-6 <= got <= hi + 1e-6,
                          f"want {lo:.4f}..{hi:.4f} got {got}")
                kcol = f"{cat}_net_cumulative_{label}"
                if kcol in out_areas.columns:
                    lo = (weights[in_area] * count_lo[label][in_area]).sum() / w_snapped
                    hi = (weights[in_area] * count_hi[label][in_area]).sum() / w_snapped
                    got = value(code, kcol)
                    check(f"{kcol} {code}", lo - 1e-6 <= got <= hi + 1e-6,
                          f"want {lo:.4f}..{hi:.4f} got {got}")
            rcol = f"{cat}_net_reachable_pct"
            if rcol in out_areas.columns:
                want = 100 * w_reached / w_snapped
                got = value(code, rcol)
                check(f"{rcol} {code}", abs(want - got) <= 1e-6, f"want {want:.4f} got {got}")
    if args.dump_points:
        pd.DataFrame(dump, columns=["category", "oa", "area_code", "snap_m", "walk_m"]).to_csv(
            args.dump_points, index=False)
    print(f"largest difference of a net_nearest_m: {max_diff:.3g} m "
          f"(tolerance {TOLERANCE_M} m)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
