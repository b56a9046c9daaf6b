#include <assetmap/network/catchment.hpp>
#include <assetmap/network/shortest_paths.hpp>

#include <algorithm>
#include <cmath>

namespace assetmap::network {

namespace {

/// Walking distance at `x` metres along edge `e` (from its `from` node).
struct EdgeWalk {
    double from_d, to_d, length;
    std::vector<const Snap*> on_edge;  ///< sources snapped to this edge
    double at(double x) const {
        double d = std::min(from_d + x, to_d + (length - x));
        for (const Snap* s : on_edge) d = std::min(d, std::abs(x - s->along_m) + s->snap_distance_m);
        return d;
    }
};

}  // namespace

SparseGridM walking_distance_grid(const WalkGraph& graph, const std::vector<Snap>& sources,
                                  double limit_m, double buffer_m, double cell_m) {
    if (sources.empty() || !(limit_m > 0) || !(cell_m > 0)) return SparseGridM(0, 0, cell_m);
    const std::vector<double> dist = node_distances(graph, sources, limit_m);
    std::vector<std::vector<const Snap*>> sources_on(graph.edge_count());
    for (const Snap& s : sources) sources_on[s.edge].push_back(&s);

    // Edges touched by the reach, and the box around them.
    std::vector<std::uint32_t> reached;
    BoxM box;
    for (std::uint32_t e = 0; e < graph.edge_count(); ++e) {
        const NetworkEdge& edge = graph.edge(e);
        if (dist[edge.from] > limit_m && dist[edge.to] > limit_m && sources_on[e].empty()) continue;
        reached.push_back(e);
        box.expand(graph.node(edge.from));
        box.expand(graph.node(edge.to));
        for (const PointM& p : edge.shape) box.expand(p);
    }
    if (reached.empty()) return SparseGridM(0, 0, cell_m);
    const double pad = buffer_m + cell_m;
    const double min_x = std::floor((box.min_x_m - pad) / cell_m) * cell_m;
    const double max_y = std::ceil((box.max_y_m + pad) / cell_m) * cell_m;
    const auto width = static_cast<long>(std::ceil((box.max_x_m + pad - min_x) / cell_m));
    const auto height = static_cast<long>(std::ceil((max_y - (box.min_y_m - pad)) / cell_m));
    SparseGridM grid(min_x, max_y, cell_m);  // tiles only along the reached network

    const double b2 = buffer_m * buffer_m;
    std::vector<PointM> line;
    for (const std::uint32_t e : reached) {
        const NetworkEdge& edge = graph.edge(e);
        EdgeWalk walk{dist[edge.from], dist[edge.to], edge.length_m, sources_on[e]};
        line.clear();
        line.push_back(graph.node(edge.from));
        line.insert(line.end(), edge.shape.begin(), edge.shape.end());
        line.push_back(graph.node(edge.to));
        double total = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) total += distance_m(line[i], line[i + 1]);
        const double scale = total > 0.0 ? edge.length_m / total : 1.0;  // geometry → length_m

        double walked = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const PointM& a = line[i];
            const PointM& b = line[i + 1];
            const double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m;
            const double len2 = dx * dx + dy * dy;
            const double seg = std::sqrt(len2);
            const auto col0 = static_cast<long>((std::min(a.x_m, b.x_m) - buffer_m - min_x) / cell_m);
            const auto col1 = static_cast<long>((std::max(a.x_m, b.x_m) + buffer_m - min_x) / cell_m);
            const auto row0 = static_cast<long>((max_y - std::max(a.y_m, b.y_m) - buffer_m) / cell_m);
            const auto row1 = static_cast<long>((max_y - std::min(a.y_m, b.y_m) + buffer_m) / cell_m);
            for (long row = std::max(0L, row0); row <= std::min<long>(height - 1, row1); ++row) {
                const double cy = max_y - (row + 0.5) * cell_m;
                for (long col = std::max(0L, col0); col <= std::min<long>(width - 1, col1); ++col) {
                    const double cx = min_x + (col + 0.5) * cell_m;
                    const double t = len2 > 0.0 ? std::clamp(((cx - a.x_m) * dx + (cy - a.y_m) * dy) / len2, 0.0, 1.0) : 0.0;
                    const double px = a.x_m + t * dx - cx, py = a.y_m + t * dy - cy;
                    if (px * px + py * py > b2) continue;
                    const double d = walk.at((walked + t * seg) * scale);
                    if (d > limit_m) continue;
                    float& cell = grid.cell(static_cast<std::uint32_t>(col), static_cast<std::uint32_t>(row));
                    cell = std::min(cell, static_cast<float>(d));
                }
            }
            walked += seg;
        }
    }
    return grid;
}

}  // namespace assetmap::network
