#!/usr/bin/python3
"""Independent oracle for assetmap's public-transport travel times (README, "Public transport").

Written apart from the C++ (engine/src/transit), from the rules of the README only:

  timetable  every GTFS zip is read with zipfile + csv. Stops with location_type empty or 0,
             merged by stop_id (the first feed wins). A trip runs on date D when its service
             is in calendar.txt for D's weekday and range or added in calendar_dates.txt, and
             not removed there; trips of D-1 run 24 h earlier (times past 24:00 reach into D).
             pickup_type 1 = no boarding, drop_off_type 1 = no alighting.
  date       the feeds' first full weekday: of the Monday-Friday dates inside every feed's
             service range, the one with the most trips of all feeds running; the earliest
             on a tie.
  walking    the walking network of check_default_network.py (osmium-tool + the walking
             rules written again in Python; networkx), places snapped to the nearest point
             of a segment within the snap limit. A walk between two places is the network
             path (snaps included) when both are snapped in the same connected component,
             else the straight line x detour factor; each walk at most the walk limit;
             seconds = ceil(metres * 3.6 / speed - 1e-6).
  graph      a time-expanded networkx DiGraph, layered by the number of trips taken
             (k = 0 ... max_transfers + 1): wait nodes W(stop, t, k) chained in time at each
             stop, board edges W(k) -> C(trip, call, k+1) (on board as the vehicle leaves the
             call), ride edges C(call) -> C(next call), alight edges C(call) -> X(stop of the
             next call, its arrival, k) chained in time, transfer edges
             X(stop, t, k) -> the first W(stop', t', k) with t' >= t + walk(stop, stop'), one
             walk between two trips and none elsewhere; no minimum change time.
  search     one Dijkstra per category on the reversed graph from a sink fed by
             X(stop, t, k) -> sink (weight: the walk from the stop to the nearest asset of the
             category), cut off at max_trip: dist(v) = the earliest arrival at an asset from
             node v minus v's time. For a point leaving at t: min over the stops s within the
             walk limit (walk a) of t' + dist(W(s, t', 0)) at the first t' >= t + a, and the
             walk-only arrival t + walk; the travel time is that minus t, unreachable above
             max_trip. The point's time is the lower median over the window's departures
             (the ceil(n/2)-th shortest, unreachable the longest).

Inputs: the GTFS zips, the OSM .pbf and the population points (wales_oa11_pop2011_centroids.csv,
Newport LAD W06000022, projected with pyproj) from --data-dir; the assets as the engine
ingested them (--assets CSV category,x,y in EPSG:27700, or --gpkg: its `assets` layer).

Prints `RESULT points=<points x departures> seconds=<feeds to medians>` (the benchmark's peer
line), writes the medians (--out: point_id,category,median_s) and, with --engine (a CSV of the
same form), compares: a pair agrees when both are unreachable or both round to the same whole
minute; prints `AGREEMENT ok` when at least --min-agreement (default 99%) of the pairs agree,
and lists the others.

Usage: transit_oracle.py --data-dir DIR --feed bus.zip --feed rail.zip (--assets CSV | --gpkg G)
           [--engine CSV] [--out CSV] [--points N] [--window 07:00-09:00] [--date YYYY-MM-DD]
           [--categories a,b] [--max-walk 1000] [--max-transfer 1000] [--speed 4.8]
           [--detour 1.3] [--max-transfers 3] [--max-trip 90] [--snap-limit 500] [--step 1]
"""
import argparse
import bisect
import collections
import csv
import datetime
import io
import math
import os
import sys
import time
import zipfile

import networkx as nx
import numpy as np
from pyproj import Transformer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_default_network as walknet  # noqa: E402  (the independent walking network)

LAD = "W06000022"
OSM_FILE = "newport_2023-06-13.osm.pbf"
POINTS_FILE = "wales_oa11_pop2011_centroids.csv"
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def clock(text):
    h, m, s = text.strip().split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def hhmm(text):
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


def ymd(text):
    return datetime.datetime.strptime(text.strip(), "%Y%m%d").date()


def read_table(z, name):
    if name not in z.namelist():
        return []
    with z.open(name) as f:
        return list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8-sig")))


class Feed:
    def __init__(self, path):
        z = zipfile.ZipFile(path)
        self.stops = {}
        for s in read_table(z, "stops.txt"):
            if s.get("location_type", "").strip() in ("", "0"):
                self.stops[s["stop_id"]] = (float(s["stop_lon"]), float(s["stop_lat"]))
        self.calendar = {}
        for c in read_table(z, "calendar.txt"):
            self.calendar[c["service_id"]] = (ymd(c["start_date"]), ymd(c["end_date"]),
                                              [c[d] == "1" for d in DAYS])
        self.added = collections.defaultdict(set)
        self.removed = collections.defaultdict(set)
        for c in read_table(z, "calendar_dates.txt"):
            (self.added if c["exception_type"] == "1" else self.removed)[c["service_id"]].add(
                ymd(c["date"]))
        self.trip_service = {t["trip_id"]: t["service_id"] for t in read_table(z, "trips.txt")}
        if read_table(z, "frequencies.txt"):
            raise SystemExit("transit_oracle: frequencies.txt is not supported here")
        calls = collections.defaultdict(list)
        for r in read_table(z, "stop_times.txt"):
            calls[r["trip_id"]].append((int(r["stop_sequence"]), r["stop_id"],
                                        clock(r["arrival_time"]), clock(r["departure_time"]),
                                        r.get("pickup_type", "").strip() != "1",
                                        r.get("drop_off_type", "").strip() != "1"))
        self.calls = {t: sorted(c) for t, c in calls.items()}

    def runs(self, service, day):
        if day in self.removed.get(service, ()):
            return False
        if day in self.added.get(service, ()):
            return True
        c = self.calendar.get(service)
        return bool(c) and c[0] <= day <= c[1] and c[2][day.weekday()]

    def date_range(self):
        days = [c[0] for c in self.calendar.values()] + [c[1] for c in self.calendar.values()]
        for s in self.added.values():
            days += list(s)
        return min(days), max(days)


def first_full_weekday(feeds):
    start = max(f.date_range()[0] for f in feeds)
    end = min(f.date_range()[1] for f in feeds)
    best, best_n = None, 0
    day = start
    while day <= end:
        if day.weekday() < 5:
            n = sum(1 for f in feeds for t, s in f.trip_service.items()
                    if t in f.calls and f.runs(s, day))
            if n > best_n:
                best, best_n = day, n
        day += datetime.timedelta(days=1)
    return best


def walk_seconds(metres, speed_kmh):
    return int(math.ceil(metres * 3.6 / speed_kmh - 1e-6))


class Walking:
    """Places on the walking network or off it, and the walks between them."""

    def __init__(self, data_dir, to_bng, snap_limit, detour):
        self.graph, self.segs, _ = walknet.read_network(os.path.join(data_dir, OSM_FILE), to_bng)
        self.snap_limit = snap_limit
        self.detour = detour
        self.snaps = {}

    def add_places(self, keys, xy):
        """Snaps places (key -> (x, y)); returns key -> snap distance or None (off network)."""
        out = {}
        for key, (x, y) in zip(keys, xy):
            seg, t, d = walknet.snap(self.segs, x, y)
            if d <= self.snap_limit:
                self.snaps[key] = (seg, t)
                out[key] = d
            else:
                out[key] = None
        return out

    def finish(self):
        walknet.insert_virtual_nodes(self.graph, self.segs, self.snaps)
        self.component = {}
        for i, comp in enumerate(nx.connected_components(self.graph)):
            for n in comp:
                self.component[n] = i

    def network_from(self, key, snap_d, limit):
        """Walking metres from a snapped place to every virtual node within `limit`."""
        if limit - snap_d < 0:
            return {}
        reach = nx.single_source_dijkstra_path_length(self.graph, ("v", key),
                                                      cutoff=limit - snap_d, weight="weight")
        return reach


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--feed", action="append", required=True)
    ap.add_argument("--assets")
    ap.add_argument("--gpkg")
    ap.add_argument("--engine")
    ap.add_argument("--out")
    ap.add_argument("--points", type=int, default=0)
    ap.add_argument("--categories", default="")
    ap.add_argument("--window", default="07:00-09:00")
    ap.add_argument("--date", default="")
    ap.add_argument("--step", type=int, default=1)
    ap.add_argument("--max-walk", type=float, default=1000.0)
    ap.add_argument("--max-transfer", type=float, default=1000.0)
    ap.add_argument("--speed", type=float, default=4.8)
    ap.add_argument("--detour", type=float, default=1.3)
    ap.add_argument("--max-transfers", type=int, default=3)
    ap.add_argument("--max-trip", type=float, default=90.0)
    ap.add_argument("--snap-limit", type=float, default=500.0)
    ap.add_argument("--min-agreement", type=float, default=99.0)
    args = ap.parse_args()

    started = time.perf_counter()
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)

    # Inputs that are not timetables: points and assets.
    points = []
    with open(os.path.join(args.data_dir, POINTS_FILE), newline="") as f:
        for r in csv.DictReader(f):
            if r["LAD11CD"] == LAD:
                points.append((r["OA11CD"], float(r["lon"]), float(r["lat"])))
    if args.points:
        points = points[:args.points]
    px, py = to_bng.transform([p[1] for p in points], [p[2] for p in points])
    assets = collections.defaultdict(list)
    if args.assets:
        with open(args.assets, newline="") as f:
            for r in csv.DictReader(f):
                assets[r["category"]].append((float(r["x"]), float(r["y"])))
    else:
        import geopandas as gpd
        layer = gpd.read_file(args.gpkg, layer="assets")
        for c, g in zip(layer.category, layer.geometry):
            assets[c].append((g.x, g.y))
    categories = args.categories.split(",") if args.categories else sorted(assets)

    # The walking network (built once; not part of the timed stage, as on the engine's side).
    walking = Walking(args.data_dir, to_bng, args.snap_limit, args.detour)
    stage = time.perf_counter()

    feeds = [Feed(p) for p in args.feed]
    day = (datetime.date.fromisoformat(args.date) if args.date else first_full_weekday(feeds))
    before = day - datetime.timedelta(days=1)
    w0, w1 = (hhmm(x) for x in args.window.split("-"))
    departures = list(range(w0, w1, args.step * 60))
    max_trip = int(round(args.max_trip * 60))
    horizon = departures[-1] + max_trip

    stops = {}
    for f in feeds:
        for sid, (lon, lat) in f.stops.items():
            if sid not in stops:
                stops[sid] = to_bng.transform(lon, lat)
    stop_ids = sorted(stops)
    stop_xy = np.array([stops[s] for s in stop_ids])
    stop_index = {s: i for i, s in enumerate(stop_ids)}

    # Running calls within [w0, horizon].
    trips = []
    for fi, f in enumerate(feeds):
        for tid, calls in f.calls.items():
            service = f.trip_service.get(tid)
            for d, shift in ((day, 0), (before, -86400)):
                if service is None or not f.runs(service, d):
                    continue
                cs = [(stop_index[s], a + shift, dp + shift, up, down)
                      for _, s, a, dp, up, down in calls if s in stop_index]
                if len(cs) == len(calls) and cs[0][2] <= horizon and cs[-1][1] >= w0:
                    trips.append(((fi, tid, shift), cs))

    # Places: points, stops, assets.
    point_keys = [("p", i) for i in range(len(points))]
    stop_keys = [("s", i) for i in range(len(stop_ids))]
    asset_keys, asset_cat, asset_xy = [], [], []
    for c in categories:
        for j, xy in enumerate(assets.get(c, [])):
            asset_keys.append(("a", c, j))
            asset_cat.append(c)
            asset_xy.append(xy)
    snap_d = {}
    snap_d.update(walking.add_places(point_keys, list(zip(px, py))))
    snap_d.update(walking.add_places(stop_keys, [tuple(x) for x in stop_xy]))
    snap_d.update(walking.add_places(asset_keys, asset_xy))
    walking.finish()
    asset_xy = np.array(asset_xy) if asset_xy else np.zeros((0, 2))

    def comp(key):
        return walking.component[("v", key)]

    def walks(key, xy, to_keys, to_xy, limit):
        """(index into to_keys, metres) within limit by the rule of the docstring."""
        if len(to_keys) == 0:
            return []
        straight = np.hypot(to_xy[:, 0] - xy[0], to_xy[:, 1] - xy[1])
        near = np.nonzero(straight <= limit)[0]
        out = []
        reach = None
        for j in near:
            other = to_keys[j]
            if snap_d[key] is not None and snap_d[other] is not None and comp(key) == comp(other):
                if reach is None:
                    reach = walking.network_from(key, snap_d[key], limit)
                d = reach.get(("v", other))
                if d is not None:
                    d += snap_d[key] + snap_d[other]
                    if d <= limit:
                        out.append((j, d))
            else:
                d = straight[j] * args.detour
                if d <= limit:
                    out.append((j, d))
        return out

    # Egress: per category, per stop, the walk to the nearest asset.
    egress = {c: {} for c in categories}
    for a, key in enumerate(asset_keys):
        for s, d in walks(key, asset_xy[a], stop_keys, stop_xy, args.max_walk):
            sec = walk_seconds(d, args.speed)
            e = egress[asset_cat[a]]
            if s not in e or sec < e[s]:
                e[s] = sec
    # Transfers between stops.
    served = {c[0] for _, cs in trips for c in cs}
    transfers = {}
    for s in served:
        transfers[s] = [(u, walk_seconds(d, args.speed))
                        for u, d in walks(stop_keys[s], stop_xy[s], stop_keys, stop_xy,
                                          args.max_transfer) if u != s and u in served]

    # The time-expanded graph.
    K = args.max_transfers + 1
    g = nx.DiGraph()
    board_times = collections.defaultdict(set)  # stop -> boarding times
    alight_times = collections.defaultdict(set)
    for ti, (_, cs) in enumerate(trips):
        for i, (s, a, dp, up, down) in enumerate(cs):
            if up and i + 1 < len(cs) and w0 <= dp <= horizon:
                board_times[s].add(dp)
            if down and i > 0 and w0 <= a <= horizon:
                alight_times[s].add(a)
    board_times = {s: sorted(v) for s, v in board_times.items()}
    alight_times = {s: sorted(v) for s, v in alight_times.items()}
    # On-board nodes C(trip, i, k): on the vehicle as it leaves call i (at its departure).
    for ti, (_, cs) in enumerate(trips):
        for k in range(1, K + 1):
            for i in range(len(cs) - 1):
                s, a, dp, up, down = cs[i]
                s2, a2, dp2, up2, down2 = cs[i + 1]
                if dp < w0 or a2 > horizon:
                    continue
                if i + 2 < len(cs) and dp2 <= horizon:  # stay on to the next call
                    g.add_edge(("C", ti, i, k), ("C", ti, i + 1, k), weight=dp2 - dp)
                if up:
                    g.add_edge(("W", s, dp, k - 1), ("C", ti, i, k), weight=0)
                if down2:  # get off at the next call
                    g.add_edge(("C", ti, i, k), ("X", s2, a2, k), weight=a2 - dp)
    for s, times in board_times.items():
        for k in range(K):
            for t1, t2 in zip(times, times[1:]):
                g.add_edge(("W", s, t1, k), ("W", s, t2, k), weight=t2 - t1)
    for s, times in alight_times.items():
        targets = [(s, 0)] + transfers.get(s, [])
        for k in range(1, K + 1):
            for t1, t2 in zip(times, times[1:]):
                g.add_edge(("X", s, t1, k), ("X", s, t2, k), weight=t2 - t1)
            if k == K:
                continue
            for u, w in targets:
                bt = board_times.get(u)
                if not bt:
                    continue
                for j, t in enumerate(times):
                    b = bisect.bisect_left(bt, t + w)
                    if b == len(bt):
                        break
                    # Waiting at s then walking reaches the same wait node: keep only the
                    # last arrival that leads to it.
                    if j + 1 < len(times) and bisect.bisect_left(bt, times[j + 1] + w) == b:
                        continue
                    g.add_edge(("X", s, t, k), ("W", u, bt[b], k), weight=bt[b] - t)
    reverse = g.reverse(copy=False)

    # Access and walk-only, per point.
    access = []
    direct = []
    for i, key in enumerate(point_keys):
        xy = (px[i], py[i])
        access.append([(s, walk_seconds(d, args.speed))
                       for s, d in walks(key, xy, stop_keys, stop_xy, args.max_walk)])
        best = {}
        for a, d in walks(key, xy, asset_keys, asset_xy, args.max_walk):
            c = asset_cat[a]
            best[c] = min(best.get(c, math.inf), d)
        direct.append({c: walk_seconds(d, args.speed) for c, d in best.items()})

    deps = np.array(departures, dtype=np.int64)
    inf = np.iinfo(np.int64).max // 4
    medians = {}
    for c in categories:
        sink = ("SINK", c)
        for s, e in egress[c].items():
            for t in alight_times.get(s, []):
                for k in range(1, K + 1):
                    if g.has_node(("X", s, t, k)):
                        g.add_edge(("X", s, t, k), sink, weight=e)
        dist = nx.single_source_dijkstra_path_length(reverse, sink, cutoff=max_trip,
                                                     weight="weight") if g.has_node(sink) else {}
        g.remove_node(sink) if g.has_node(sink) else None
        # Per boarding stop: wait-node times and the arrival they lead to (non-decreasing).
        arrive_at = {}
        for s, times in board_times.items():
            arr = np.array([t + dist.get(("W", s, t, 0), inf) for t in times], dtype=np.int64)
            arrive_at[s] = (np.array(times, dtype=np.int64), arr)
        for i in range(len(points)):
            best = np.full(len(deps), inf, dtype=np.int64)
            if c in direct[i]:
                best = deps + direct[i][c]
            for s, a in access[i]:
                if s not in arrive_at:
                    continue
                times, arr = arrive_at[s]
                b = np.searchsorted(times, deps + a, side="left")
                ok = b < len(times)
                cand = np.full(len(deps), inf, dtype=np.int64)
                cand[ok] = arr[b[ok]]
                best = np.minimum(best, cand)
            travel = best - deps
            travel = np.where((best < inf) & (travel <= max_trip), travel, inf)
            travel.sort()
            m = int(travel[(len(travel) - 1) // 2])
            medians[(points[i][0], c)] = None if m >= inf else m
    stage_s = time.perf_counter() - stage
    print(f"oracle: date {day.isoformat()}, {len(trips)} trips, {g.number_of_nodes()} nodes, "
          f"{g.number_of_edges()} edges, {len(points)} points, {len(categories)} categories, "
          f"{stage_s:.1f} s (walking network {stage - started:.1f} s before)")
    print(f"RESULT points={len(points) * len(departures)} seconds={stage_s:.3f}")
    if args.out:
        with open(args.out, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["point_id", "category", "median_s"])
            for (p, c), m in sorted(medians.items()):
                w.writerow([p, c, "" if m is None else m])
    if not args.engine:
        return 0
    engine = {}
    with open(args.engine, newline="") as f:
        for r in csv.DictReader(f):
            if r["category"] in categories:
                engine[(r["point_id"], r["category"])] = (int(r["median_s"]) if r["median_s"]
                                                          else None)
    agree = exact = 0
    others = []
    for key, want in medians.items():
        got = engine.get(key, "missing")
        if got == want:
            exact += 1
        same = (got is None and want is None) or (
            got not in (None, "missing") and want is not None and
            round(got / 60) == round(want / 60))
        if same:
            agree += 1
        else:
            others.append((key, want, got))
    pct = 100.0 * agree / max(1, len(medians))
    print(f"agreement: {agree} of {len(medians)} (point, category) pairs to the minute "
          f"({pct:.2f}%), {exact} to the second")
    for (p, c), want, got in others[:50]:
        print(f"  differs: {p} {c}: oracle {want} s, engine {got} s")
    print("AGREEMENT ok" if pct >= args.min_agreement else "AGREEMENT failed")
    return 0 if pct >= args.min_agreement else 1


if __name__ == "__main__":
    sys.exit(main())
