#!/usr/bin/python3
"""Peer of assetmap_bench_network: the shortest paths done by networkx.

usage: peer_networkx.py EDGES_CSV TARGETS_CSV SUPER_SOURCE OUT_CSV [REPEAT]

EDGES_CSV "source,target,cost": an undirected graph in which every source and target of
the problem is already a node (edges split at the snaps) and SUPER_SOURCE is joined to each
source by its snap distance. TARGETS_CSV "idx,node". Builds an nx.Graph (parallel edges:
the shortest kept), then times only
    networkx.multi_source_dijkstra_path_length(G, [SUPER_SOURCE], weight="weight")
REPEAT times (default 1) and prints "RESULT points=<targets> seconds=<best>"; writes
"idx,distance" for every reached target to OUT_CSV. Prints "SKIP reason" and exits with 3
when networkx is missing (Debian: apt-get install -y python3-networkx).
"""
import sys
import time


def main():
    if len(sys.argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import networkx as nx
    except ImportError:
        print("SKIP networkx not installed (apt-get install -y python3-networkx)")
        return 3
    edges_csv, targets_csv, super_source, out_csv = sys.argv[1:5]
    repeat = int(sys.argv[5]) if len(sys.argv) == 6 else 1
    super_source = int(super_source)

    t0 = time.perf_counter()
    graph = nx.Graph()
    with open(edges_csv) as f:
        next(f)
        for line in f:
            a, b, c = line.split(",")
            u, v, w = int(a), int(b), float(c)
            if graph.has_edge(u, v):
                if w < graph[u][v]["weight"]:
                    graph[u][v]["weight"] = w
            else:
                graph.add_edge(u, v, weight=w)
    with open(targets_csv) as f:
        next(f)
        targets = [tuple(int(x) for x in line.split(",")) for line in f]
    print(f"networkx {nx.__version__}: {graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} edges, {len(targets)} targets, loaded in "
          f"{time.perf_counter() - t0:.1f} s")

    best = float("inf")
    dist = None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        dist = nx.multi_source_dijkstra_path_length(graph, [super_source], weight="weight")
        best = min(best, time.perf_counter() - t)

    with open(out_csv, "w") as f:
        f.write("idx,distance\n")
        for idx, node in targets:
            d = dist.get(node)
            if d is not None:
                f.write(f"{idx},{d!r}\n")
    print(f"RESULT points={len(targets)} seconds={best:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
