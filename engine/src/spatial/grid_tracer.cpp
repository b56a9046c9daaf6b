/// @file Tracing sparse grid cells into polygons (see grid_tracer.hpp).
///
/// Every side between a cell in the level and one out of it is a boundary edge, directed
/// with the inside on its left (counter-clockwise around the inside, in map coordinates).
/// The cells are grouped into 4-connected components (union-find) first. Edges are linked
/// into rings at their vertices; where two cells meet corner to corner, the ring turns left
/// when they belong to different components (two polygons touching at a point) and right
/// when to the same one (its shell and a hole, or two holes, touching at a point), which is
/// how GDALPolygonize draws them and keeps every polygon valid. Each component has one outer
/// ring (positive area) and its holes (negative area), found through the cell left of each
/// ring's first edge.

#include <assetmap/core/error.hpp>
#include <assetmap/spatial/grid_tracer.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace assetmap::spatial {

namespace {

using Tile = SparseGridM::Tile;
constexpr std::uint32_t kT = SparseGridM::kTile;

/// A grid vertex (cell corner) in cell units: x = col, y = row (rows grow southwards).
struct Vertex {
    std::int64_t x = 0, y = 0;
    bool operator==(const Vertex& o) const { return x == o.x && y == o.y; }
};

/// A vertex as stored in the edge list and the rings: 8 bytes, not 16 (a national trace
/// holds tens of millions). Grids are checked to fit (Mask).
struct Packed {
    std::int32_t x = 0, y = 0;
    Vertex unpack() const { return {x, y}; }
};
Packed pack(Vertex v) { return {static_cast<std::int32_t>(v.x), static_cast<std::int32_t>(v.y)}; }

enum Dir : std::uint8_t { west, south, east, north };

Vertex step(Vertex v, Dir d) {
    switch (d) {
    case west: return {v.x - 1, v.y};
    case south: return {v.x, v.y + 1};
    case east: return {v.x + 1, v.y};
    case north: return {v.x, v.y - 1};
    }
    return v;
}

/// The cell on the left of an edge leaving `v` in direction `d` (its inside cell).
std::pair<std::int64_t, std::int64_t> left_cell(Vertex v, Dir d) {
    switch (d) {
    case west: return {v.x - 1, v.y};
    case south: return {v.x, v.y};
    case east: return {v.x, v.y - 1};
    case north: return {v.x - 1, v.y - 1};
    }
    return {v.x, v.y};
}

/// The cells in the level and their ids: every tile with a cell in the level gets a block of
/// kT × kT ids in (row, column) tile order, cell (c, r) of the tile id base + r·kT + c; a
/// cell is in when its value is ≤ the level. The ids grow with the grid's cell order, as
/// compact labels would, so the components' smallest ids (their union-find roots) keep the
/// same order; no label array is held (a national catchment grid's tiles take a GB).
class Mask {
  public:
    struct InTile {
        std::uint32_t tx, ty;
        const float* values;  ///< the grid tile's kT × kT values
        std::uint64_t base;   ///< id of its first cell
    };

    Mask(const SparseGridM& grid, double level) : level_(level) {
        // Tiles in (row, column) order, so that ids, and so the output, follow the grid.
        std::vector<const Tile*> order;
        for (const Tile& t : grid.tiles()) order.push_back(&t);
        std::sort(order.begin(), order.end(), [](const Tile* a, const Tile* b) {
            return a->ty != b->ty ? a->ty < b->ty : a->tx < b->tx;
        });
        constexpr std::uint64_t limit = std::uint64_t(INT32_MAX) - kT - 1;
        for (const Tile* tp : order) {
            const Tile& tile = *tp;
            if (std::uint64_t(tile.tx) * kT > limit || std::uint64_t(tile.ty) * kT > limit)
                throw error("a catchment grid is more than 2^31 cells across; use a larger "
                            "catchment_cell_m");
            const bool any = std::any_of(tile.values.begin(), tile.values.end(),
                                         [&](float v) { return v <= level; });
            if (!any) continue;
            index_[key(tile.tx, tile.ty)] = tiles_.size();
            tiles_.push_back({tile.tx, tile.ty, tile.values.data(), count_});
            count_ += std::uint64_t(kT) * kT;
            if (count_ >= UINT32_MAX)
                throw error("a catchment level has more than 2^32 cells in reach; use a larger "
                            "catchment_cell_m");
        }
    }

    /// The id of cell i (r·kT + c) of an in-tile, or −1 when it is out.
    std::int64_t local(const InTile& t, std::uint32_t i) const {
        return t.values[i] <= level_ ? std::int64_t(t.base + i) : -1;
    }

    /// The id of the in-cell (col, row), or −1.
    std::int64_t id(std::int64_t col, std::int64_t row) const {
        if (col < 0 || row < 0) return -1;
        const auto c = static_cast<std::uint64_t>(col), r = static_cast<std::uint64_t>(row);
        const auto it = index_.find(key(std::uint32_t(c / kT), std::uint32_t(r / kT)));
        if (it == index_.end()) return -1;
        return local(tiles_[it->second], std::uint32_t((r % kT) * kT + c % kT));
    }

    const std::vector<InTile>& tiles() const { return tiles_; }
    /// The size of the id space (kT × kT per in-tile); 0 when no cell is in.
    std::size_t count() const { return count_; }

  private:
    static std::uint64_t key(std::uint32_t tx, std::uint32_t ty) {
        return (std::uint64_t(ty) << 32) | tx;
    }
    double level_;
    std::vector<InTile> tiles_;
    std::unordered_map<std::uint64_t, std::size_t> index_;
    std::uint64_t count_ = 0;
};

/// The first boundary edge out of each grid vertex, in dense per-tile arrays: vertex (x, y)
/// belongs to tile (x / kT, y / kT). A hash map per vertex cost a third of the tracing;
/// this looks a tile up once per run of vertices in it.
class VertexEdges {
  public:
    /// The slot of vertex (x, y) (x, y >= 0), made with no edge (UINT32_MAX) if new.
    std::uint32_t& slot(std::int64_t x, std::int64_t y) {
        return tile(x, y, true)[local(x, y)];
    }
    /// The first edge out of (x, y); UINT32_MAX when none.
    std::uint32_t find(std::int64_t x, std::int64_t y) {
        const std::uint32_t* t = tile(x, y, false);
        return t ? t[local(x, y)] : UINT32_MAX;
    }

  private:
    static std::size_t local(std::int64_t x, std::int64_t y) {
        return static_cast<std::size_t>(y % kT) * kT + static_cast<std::size_t>(x % kT);
    }
    std::uint32_t* tile(std::int64_t x, std::int64_t y, bool create) {
        const std::uint64_t key = (static_cast<std::uint64_t>(y / kT) << 32) |
                                  static_cast<std::uint64_t>(x / kT);
        if (key == last_key_) return last_;
        const auto it = index_.find(key);
        std::uint32_t* t = nullptr;
        if (it != index_.end()) {
            t = tiles_[it->second].data();
        } else if (create) {
            index_.emplace(key, tiles_.size());
            tiles_.emplace_back(std::size_t{kT} * kT, UINT32_MAX);
            t = tiles_.back().data();  // stays put: moving a vector keeps its buffer
        } else {
            return nullptr;
        }
        last_key_ = key;
        last_ = t;
        return t;
    }
    std::unordered_map<std::uint64_t, std::size_t> index_;
    std::vector<std::vector<std::uint32_t>> tiles_;
    std::uint64_t last_key_ = UINT64_MAX;
    std::uint32_t* last_ = nullptr;
};

struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0U); }
    std::uint32_t find(std::uint32_t a) {
        while (parent[a] != a) a = parent[a] = parent[parent[a]];
        return a;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a), b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

struct Edge {
    Packed start;  ///< the vertex it leaves
    Dir dir;
    bool used = false;
    Vertex from() const { return start.unpack(); }
};

/// A traced ring: its turning points, not closed.
struct Ring {
    std::vector<Packed> vertices;
    double area2 = 0.0;  ///< twice the signed area, map orientation
    std::uint32_t component = 0;
};

/// The rings of the cells at or below `level`. The cell labels, components and edges are
/// freed on return, before the rings become polygons.
std::vector<Ring> trace_rings(const SparseGridM& grid, double level) {
    std::vector<Ring> rings;
    const Mask mask(grid, level);
    if (mask.count() == 0) return rings;

    // Components (4-connected) and boundary edges, tile by tile in a fixed order.
    UnionFind uf(mask.count());
    std::vector<Edge> edges;
    VertexEdges out_edges;                      // vertex → first edge
    std::vector<std::uint32_t> next_at_vertex;  // a second edge there
    auto add_edge = [&](Vertex v, Dir d) {
        const auto index = static_cast<std::uint32_t>(edges.size());
        edges.push_back({pack(v), d, false});
        next_at_vertex.push_back(std::exchange(out_edges.slot(v.x, v.y), index));
    };
    for (const auto& t : mask.tiles()) {
        const auto lab = [&](std::uint32_t i) { return mask.local(t, i); };
        for (std::uint32_t r = 0; r < kT; ++r)
            for (std::uint32_t c = 0; c < kT; ++c) {
                const std::int64_t me = lab(r * kT + c);
                if (me < 0) continue;
                const std::int64_t col = std::int64_t(t.tx) * kT + c;
                const std::int64_t row = std::int64_t(t.ty) * kT + r;
                // Neighbours inside the tile directly, across its edge through the index.
                const std::int64_t right = c + 1 < kT ? lab(r * kT + c + 1) : mask.id(col + 1, row);
                const std::int64_t below = r + 1 < kT ? lab((r + 1) * kT + c) : mask.id(col, row + 1);
                const std::int64_t above = r > 0 ? lab((r - 1) * kT + c) : mask.id(col, row - 1);
                const std::int64_t left = c > 0 ? lab(r * kT + c - 1) : mask.id(col - 1, row);
                if (right >= 0) uf.unite(std::uint32_t(me), std::uint32_t(right));
                if (below >= 0) uf.unite(std::uint32_t(me), std::uint32_t(below));
                if (above < 0) add_edge({col + 1, row}, west);
                if (left < 0) add_edge({col, row}, south);
                if (below < 0) add_edge({col, row + 1}, east);
                if (right < 0) add_edge({col + 1, row + 1}, north);
            }
    }

    // Rings: from each unused edge, follow the boundary; at a vertex with two ways out
    // (cells corner to corner) take the left turn.
    for (std::uint32_t start = 0; start < edges.size(); ++start) {
        if (edges[start].used) continue;
        Ring ring;
        const auto [lc, lr] = left_cell(edges[start].from(), edges[start].dir);
        ring.component = uf.find(std::uint32_t(mask.id(lc, lr)));
        std::uint32_t e = start;
        Dir previous = edges[start].dir;
        bool first = true;
        for (;;) {
            Edge& edge = edges[e];
            edge.used = true;
            if (first || edge.dir != previous) ring.vertices.push_back(edge.start);
            first = false;
            previous = edge.dir;
            const Vertex to = step(edge.from(), edge.dir);
            // The way out of `to`: one edge, or two (choose the left turn).
            std::uint32_t a = out_edges.find(to.x, to.y);
            std::uint32_t b = next_at_vertex[a];
            std::uint32_t chosen = a;
            if (b != UINT32_MAX) {
                // Cells corner to corner. Two polygons (other components): turn left, around
                // this edge's own cell, so they stay apart. One polygon: turn right, around
                // the out-cell, so its shell and hole (or two holes) are rings of their own
                // that touch at this point (valid OGC polygons, as GDALPolygonize gives).
                const auto [ac, ar] = left_cell(edges[a].from(), edges[a].dir);
                const auto [bc, br] = left_cell(edges[b].from(), edges[b].dir);
                const bool same = uf.find(std::uint32_t(mask.id(ac, ar))) ==
                                  uf.find(std::uint32_t(mask.id(bc, br)));
                const Dir want = static_cast<Dir>((edge.dir + (same ? 3 : 1)) % 4);
                chosen = edges[a].dir == want ? a : b;
            }
            if (chosen == start) break;
            e = chosen;
        }
        if (ring.vertices.size() > 1 && edges[start].dir == previous) {
            // The start vertex lies inside a straight run: drop it, start at the run's end.
            ring.vertices.erase(ring.vertices.begin());
        }
        // Shoelace in map orientation (y up = −row).
        const std::size_t n = ring.vertices.size();
        for (std::size_t i = 0; i < n; ++i) {
            const Packed& p = ring.vertices[i];
            const Packed& q = ring.vertices[(i + 1) % n];
            ring.area2 += double(p.x) * double(-q.y) - double(q.x) * double(-p.y);
        }
        rings.push_back(std::move(ring));
    }
    return rings;
}

MultiPolygonM trace(const SparseGridM& grid, double level) {
    std::vector<Ring> rings = trace_rings(grid, level);
    MultiPolygonM out;
    if (rings.empty()) return out;

    // Polygons: one per component (its outer ring), holes attached, in component order.
    std::vector<std::uint32_t> components;
    for (const Ring& r : rings)
        if (r.area2 > 0) components.push_back(r.component);
    std::sort(components.begin(), components.end());
    components.erase(std::unique(components.begin(), components.end()), components.end());
    std::unordered_map<std::uint32_t, std::size_t> polygon_of;
    for (std::size_t i = 0; i < components.size(); ++i) polygon_of[components[i]] = i;
    out.resize(components.size());
    const double x0 = grid.min_x_m(), y0 = grid.max_y_m(), cell = grid.cell_m();
    auto to_ring = [&](const std::vector<Packed>& vs) {
        RingM ring;
        ring.reserve(vs.size() + 1);
        for (const Packed& v : vs) ring.push_back(PointM{x0 + double(v.x) * cell, y0 - double(v.y) * cell});
        ring.push_back(ring.front());
        return ring;
    };
    for (Ring& r : rings) {
        PolygonM& p = out[polygon_of.at(r.component)];
        if (r.area2 > 0)
            p.outer = to_ring(r.vertices);
        else
            p.holes.push_back(to_ring(r.vertices));
        std::vector<Packed>().swap(r.vertices);  // freed as the polygons grow
    }
    return out;
}

}  // namespace

std::vector<MultiPolygonM> trace_levels(const SparseGridM& grid, const std::vector<double>& levels) {
    std::vector<MultiPolygonM> out;
    out.reserve(levels.size());
    for (const double level : levels) out.push_back(trace(grid, level));
    return out;
}

}  // namespace assetmap::spatial
