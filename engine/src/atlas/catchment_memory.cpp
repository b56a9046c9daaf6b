/// @file The memory estimate of the walking catchments (see catchment_memory.hpp).
#include <assetmap/atlas/catchment_memory.hpp>
#include <assetmap/atlas/catchment_stream.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/core/sparse_grid.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace assetmap::atlas {

namespace {

/// Tiles of side `tile_m` over a box, as bits.
class TileBits {
  public:
    TileBits(double min_x, double min_y, std::size_t nx, std::size_t ny, double tile_m)
        : min_x_(min_x), min_y_(min_y), nx_(nx), ny_(ny), tile_m_(tile_m), bits_(nx * ny, false) {}

    bool index_of(const PointM& p, std::size_t& i) const {
        const double fx = std::floor((p.x_m - min_x_) / tile_m_);
        const double fy = std::floor((p.y_m - min_y_) / tile_m_);
        if (!(fx >= 0 && fy >= 0 && fx < double(nx_) && fy < double(ny_))) return false;
        i = std::size_t(fy) * nx_ + std::size_t(fx);
        return true;
    }
    void mark(const PointM& p) {
        std::size_t i = 0;
        if (index_of(p, i)) bits_[i] = true;
    }
    bool test(std::size_t i) const { return bits_[i]; }
    std::size_t nx() const { return nx_; }
    std::size_t ny() const { return ny_; }

  private:
    double min_x_, min_y_;
    std::size_t nx_, ny_;
    double tile_m_;
    std::vector<bool> bits_;
};

std::string gib(std::uint64_t bytes) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f GiB", double(bytes) / double(1ull << 30));
    return b;
}

}  // namespace

CatchmentMemory estimate_catchment_memory(const StudyData& data,
                                          const std::vector<std::string>& categories,
                                          unsigned threads) {
    CatchmentMemory out;
    out.tile_m = SparseGridM::kTile * data.catchment_cell_m;
    out.tiles.assign(categories.size(), 0);
    if (data.catchment_minutes.empty() || !data.network || data.network->edges.empty() ||
        !(data.catchment_cell_m > 0))
        return out;
    const NetworkData& net = *data.network;
    const std::vector<double> limits = catchment_limits_m(data);
    const double reach_m = *std::max_element(limits.begin(), limits.end()) + kCatchmentBufferM;

    // The network's box; tiles counted on a lattice of at least the grid's tile (coarser
    // when the reach spans many tiles, or the box holds too many), scaled back by area.
    BoxM box;
    for (const PointM& p : net.nodes) box.expand(p);
    for (const NetworkEdge& e : net.edges)
        for (const PointM& p : e.shape) box.expand(p);
    if (box.empty() || !std::isfinite(box.max_x_m - box.min_x_m) ||
        !std::isfinite(box.max_y_m - box.min_y_m))
        return out;
    box = BoxM{box.min_x_m - reach_m, box.min_y_m - reach_m, box.max_x_m + reach_m,
               box.max_y_m + reach_m};
    double tile = std::max(out.tile_m, reach_m / 2.0);
    // Tiles across the box, its far edge included.
    auto across = [](double extent, double t) { return std::floor(extent / t) + 1.0; };
    auto count_of = [&](double t) {
        return across(box.max_x_m - box.min_x_m, t) * across(box.max_y_m - box.min_y_m, t);
    };
    while (count_of(tile) > double(1u << 28)) tile *= 2.0;
    const double scale = (tile / out.tile_m) * (tile / out.tile_m);
    TileBits network(box.min_x_m, box.min_y_m,
                     std::size_t(across(box.max_x_m - box.min_x_m, tile)),
                     std::size_t(across(box.max_y_m - box.min_y_m, tile)), tile);
    // Each edge's vertices, and points along it every half tile (an edge may cross a tile
    // without a vertex in it).
    auto mark_segment = [&](const PointM& a, const PointM& b) {
        const double len = std::hypot(b.x_m - a.x_m, b.y_m - a.y_m);
        const int steps = std::isfinite(len) ? int(std::min(1e6, std::ceil(len / (tile / 2)))) : 0;
        for (int s = 0; s <= steps; ++s) {
            const double f = steps ? double(s) / steps : 0.0;
            network.mark(PointM{a.x_m + f * (b.x_m - a.x_m), a.y_m + f * (b.y_m - a.y_m)});
        }
    };
    for (const NetworkEdge& e : net.edges) {
        if (e.from >= net.nodes.size() || e.to >= net.nodes.size()) continue;
        PointM prev = net.nodes[e.from];
        for (const PointM& p : e.shape) {
            mark_segment(prev, p);
            prev = p;
        }
        mark_segment(prev, net.nodes[e.to]);
    }

    // Per category: the network's tiles within reach of one of its assets.
    std::unordered_map<std::string, std::size_t> slot;
    for (std::size_t k = 0; k < categories.size(); ++k) slot.emplace(categories[k], k);
    std::vector<std::vector<std::size_t>> asset_tiles(categories.size());
    for (const Asset& a : data.assets) {
        const auto it = slot.find(a.category);
        std::size_t i = 0;
        if (it != slot.end() && network.index_of(a.location, i)) asset_tiles[it->second].push_back(i);
    }
    const long d = long(std::ceil(reach_m / tile));
    std::vector<bool> counted(network.nx() * network.ny(), false);
    std::vector<std::size_t> touched;
    for (std::size_t k = 0; k < categories.size(); ++k) {
        auto& at = asset_tiles[k];
        std::sort(at.begin(), at.end());
        at.erase(std::unique(at.begin(), at.end()), at.end());
        std::size_t n = 0;
        for (const std::size_t i : at) {
            const long x = long(i % network.nx()), y = long(i / network.nx());
            for (long yy = std::max(0L, y - d); yy <= std::min(long(network.ny()) - 1, y + d); ++yy)
                for (long xx = std::max(0L, x - d); xx <= std::min(long(network.nx()) - 1, x + d);
                     ++xx) {
                    const std::size_t j = std::size_t(yy) * network.nx() + std::size_t(xx);
                    if (!network.test(j) || counted[j]) continue;
                    counted[j] = true;
                    touched.push_back(j);
                    ++n;
                }
        }
        for (const std::size_t j : touched) counted[j] = false;
        touched.clear();
        out.tiles[k] = static_cast<std::size_t>(std::ceil(double(n) * scale));
    }
    std::vector<std::size_t> sorted = out.tiles;
    std::sort(sorted.rbegin(), sorted.rend());
    out.at_once = unsigned(std::min<std::size_t>(std::max(1u, threads), sorted.size()));
    for (unsigned i = 0; i < out.at_once; ++i)
        out.bytes += std::uint64_t(sorted[i]) * CatchmentMemory::kBytesPerTile;
    return out;
}

void check_catchment_memory(const StudyData& data, const std::vector<std::string>& categories,
                            unsigned threads, std::uint64_t available_bytes) {
    const CatchmentMemory need = estimate_catchment_memory(data, categories, threads);
    if (need.bytes <= available_bytes) return;
    const std::size_t largest =
        need.tiles.empty() ? 0 : *std::max_element(need.tiles.begin(), need.tiles.end());
    // Tiles go with 1 / cell²: the cell that would fit, rounded up to 5 m (at most 100).
    const double cell = data.catchment_cell_m;
    double fit = cell * std::sqrt(double(need.bytes) / double(std::max<std::uint64_t>(1, available_bytes)));
    fit = std::min(100.0, std::ceil(fit / 5.0) * 5.0);
    const std::uint64_t at_fit = std::uint64_t(double(need.bytes) * (cell / fit) * (cell / fit));
    const std::string at_once =
        need.at_once > 1 ? std::to_string(need.at_once) + " categories" : "one category";
    char what[400], coarser[160];
    std::snprintf(what, sizeof what,
                  "the walking catchments would need about %s while they are traced "
                  "(catchment_cell_m = %g m: up to %zu grid tiles of %.0f m for one category, "
                  "%s at a time), and this machine has %s available",
                  gib(need.bytes).c_str(), cell, largest, need.tile_m, at_once.c_str(),
                  gib(available_bytes).c_str());
    coarser[0] = '\0';
    if (fit > cell)
        std::snprintf(coarser, sizeof coarser,
                      " set [network] catchment_cell_m = %g in the study file (about %s),", fit,
                      gib(at_fit).c_str());
    throw config_error(std::string(what) + ":" + coarser +
                       (need.at_once > 1 ? " run with --threads 1 (one category at a time)," : "") +
                       " or leave the catchments out with catchment_minutes = [] (or run with "
                       "--no-memory-check if the estimate is wrong for this study)");
}

}  // namespace assetmap::atlas
