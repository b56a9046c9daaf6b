/// @file merge_duplicates: one pass in (source_rank, input index) order over a hash grid
/// (cell = merge distance) of the kept records of each category.

#include <assetmap/spatial/duplicate_merger.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

namespace assetmap::spatial {

namespace {

/// Hash grid of kept candidates of one category; cell size = merge distance.
class KeptGrid {
public:
    explicit KeptGrid(double cell_m) : cell_m_(cell_m) {}

    void insert(const PointM& p, std::size_t index) {
        cells_[key(cell(p.x_m), cell(p.y_m))].push_back(index);
    }

    /// Calls `fn(index)` for every kept candidate that may lie within `radius_m` of `p`.
    /// The cell range comes from p -/+ radius through the same monotone cell function as
    /// `insert`, so no candidate within the radius is missed (normally 3 x 3 cells).
    template <typename Fn>
    void for_near(const PointM& p, double radius_m, Fn&& fn) const {
        const std::int64_t x0 = cell(p.x_m - radius_m), x1 = cell(p.x_m + radius_m);
        const std::int64_t y0 = cell(p.y_m - radius_m), y1 = cell(p.y_m + radius_m);
        // When fewer cells are occupied than the range holds, scan those instead.
        const auto span_x = static_cast<std::uint64_t>(x1 - x0) + 1;
        const auto span_y = static_cast<std::uint64_t>(y1 - y0) + 1;
        if (span_x > cells_.size() || span_y > cells_.size() || span_x * span_y > cells_.size()) {
            for (const auto& entry : cells_) {
                const Key& k = entry.first;
                if (k.x < x0 || k.x > x1 || k.y < y0 || k.y > y1) continue;
                for (const std::size_t index : entry.second) fn(index);
            }
            return;
        }
        for (std::int64_t y = y0; y <= y1; ++y) {
            for (std::int64_t x = x0; x <= x1; ++x) {
                const auto it = cells_.find(key(x, y));
                if (it == cells_.end()) continue;
                for (const std::size_t index : it->second) fn(index);
            }
        }
    }

private:
    struct Key {
        std::int64_t x, y;
        bool operator==(const Key& o) const { return x == o.x && y == o.y; }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept {
            const std::uint64_t h = static_cast<std::uint64_t>(k.x) * 0x9E3779B97F4A7C15ULL ^
                                    (static_cast<std::uint64_t>(k.y) + 0x632BE59BD9B4E019ULL);
            return static_cast<std::size_t>(h ^ (h >> 29));
        }
    };

    static Key key(std::int64_t x, std::int64_t y) { return Key{x, y}; }

    /// Cell coordinate: floor(v / cell), clamped (monotone) so it always fits; one cell
    /// for everything when the distance is infinite.
    std::int64_t cell(double v) const {
        if (!std::isfinite(cell_m_)) return 0;
        constexpr double kLimit = 4503599627370496.0;  // 2^52
        const double c = std::floor(v / cell_m_);
        return static_cast<std::int64_t>(std::clamp(c, -kLimit, kLimit));
    }

    double cell_m_;
    std::unordered_map<Key, std::vector<std::size_t>, KeyHash> cells_;
};

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

}  // namespace

std::vector<std::size_t> merge_duplicates(const std::vector<MergeCandidate>& candidates,
                                          double distance_m) {
    return merge_duplicates(candidates, std::vector<double>{distance_m});
}

std::vector<std::size_t> merge_duplicates(const std::vector<MergeCandidate>& candidates,
                                          const std::vector<double>& distance_m_by_rank) {
    const std::size_t n = candidates.size();
    const auto source_distance = [&](std::size_t rank) {
        if (distance_m_by_rank.empty()) return -1.0;
        return distance_m_by_rank[std::min(rank, distance_m_by_rank.size() - 1)];
    };
    double distance_m = -1.0;  // the widest: grid cell and search radius
    for (const double d : distance_m_by_rank) distance_m = std::max(distance_m, d);
    std::vector<std::size_t> result(n);
    std::iota(result.begin(), result.end(), std::size_t{0});
    if (!(distance_m > 0.0)) return result;  // also NaN: nothing merges

    // Source order: source_rank, then input order.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return candidates[a].source_rank < candidates[b].source_rank;
    });

    // Per kept candidate: the source ranks merged into it, its own included (few entries).
    std::vector<std::vector<std::size_t>> absorbed(n);
    std::unordered_map<std::string, KeptGrid> grids;

    for (const std::size_t i : order) {
        const MergeCandidate& c = candidates[i];
        auto it = grids.find(c.category);
        if (it == grids.end()) it = grids.emplace(c.category, KeptGrid(distance_m)).first;
        KeptGrid& grid = it->second;

        if (!finite(c.location)) {  // never within any distance; kept, but not indexed
            absorbed[i].push_back(c.source_rank);
            continue;
        }

        std::size_t best = n;
        double best_d = std::numeric_limits<double>::infinity();
        grid.for_near(c.location, distance_m, [&](std::size_t k) {
            const MergeCandidate& kept = candidates[k];
            if (kept.source_rank >= c.source_rank) return;  // same (or later) source
            const auto& from = absorbed[k];
            if (std::find(from.begin(), from.end(), c.source_rank) != from.end()) return;
            const double d = assetmap::distance_m(kept.location, c.location);
            const double limit =
                std::max(source_distance(kept.source_rank), source_distance(c.source_rank));
            if (!(d <= limit)) return;
            if (d < best_d || (d == best_d && k < best)) {
                best = k;
                best_d = d;
            }
        });

        if (best < n) {
            result[i] = best;
            absorbed[best].push_back(c.source_rank);
        } else {
            absorbed[i].push_back(c.source_rank);
            grid.insert(c.location, i);
        }
    }
    return result;
}

}  // namespace assetmap::spatial
