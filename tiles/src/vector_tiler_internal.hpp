#pragma once
// The vector tiler's pieces (tiles-internal): the thread pool, feature checks, the per-zoom
// bucketing (vector_tiler_zoom.cpp) and the tile encoder with its size cap
// (vector_tiler_cap.cpp). build_vector_tiles (vector_tiler.cpp) drives them.

#include <algorithm>
#include <assetmap/core/problem.hpp>
#include <assetmap/tiles/mvt_encoder.hpp>
#include <assetmap/tiles/vector_tiler.hpp>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gzip.hpp"

namespace assetmap::tiles::detail::tiler {

// --- threads -----------------------------------------------------------------------------

/// Calls fn(i, worker) for i in [0, n) on `threads` threads (the caller is worker 0),
/// handing out blocks of `grain` indices; rethrows the first exception after joining.
template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, std::size_t grain, Fn&& fn) {
    if (n == 0) return;
    const unsigned workers = unsigned(std::min<std::size_t>(threads, (n + grain - 1) / grain));
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i, 0u);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&](unsigned worker) {
        try {
            for (;;) {
                const std::size_t begin = next.fetch_add(grain);
                if (begin >= n) return;
                const std::size_t end = std::min(n, begin + grain);
                for (std::size_t i = begin; i < end; ++i) fn(i, worker);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next.store(n);
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

// --- input checks ------------------------------------------------------------------------

inline bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

struct FeatureInfo {
    bool valid = false;
    BoxMercator box{};  // Web Mercator bounds of the feature's vertices
    double priority = -std::numeric_limits<double>::infinity();
};

inline void expand(BoxMercator& b, const PointM& p, bool& first) {
    if (first) {
        b = {p.x_m, p.y_m, p.x_m, p.y_m};
        first = false;
        return;
    }
    b.min_x = std::min(b.min_x, p.x_m);
    b.min_y = std::min(b.min_y, p.y_m);
    b.max_x = std::max(b.max_x, p.x_m);
    b.max_y = std::max(b.max_y, p.y_m);
}

/// Checks every feature, reports the unusable ones, and computes boxes and priorities.
std::vector<std::vector<FeatureInfo>> check_features(const std::vector<VtLayer>& layers,
                                                     ProblemReport& problems,
                                                     std::uint64_t& invalid);

// --- bucketing ---------------------------------------------------------------------------

/// The number of tiles at zoom `z` whose buffered squares touch the Web Mercator box `b`,
/// for the up-front count (vector_tiler_zoom.cpp).
std::uint64_t tiles_touched(const BoxMercator& b, std::uint8_t z, const VectorTilerOptions& o);

/// A feature in a tile's bucket; sorted by tile (x, y), then layer and feature.
struct Entry {
    std::uint64_t tile;     // x << 32 | y
    std::uint64_t feature;  // layer << 32 | feature index
    friend bool operator<(const Entry& a, const Entry& b) {
        return a.tile != b.tile ? a.tile < b.tile : a.feature < b.feature;
    }
    std::uint32_t layer() const { return std::uint32_t(feature >> 32); }
    std::uint32_t index() const { return std::uint32_t(feature & 0xffffffffu); }
};

// --- one zoom ----------------------------------------------------------------------------

struct Encoded {
    std::string bytes;           // as written; empty = nothing in the tile
    std::uint64_t points = 0;    // point features written
    std::uint64_t polygons = 0;  // polygon features written
    std::uint64_t features() const { return points + polygons; }
};

struct TileResult {
    Encoded tile;
    bool capped = false;
    CappedTile cap;
};

/// Encodes one zoom's tiles from their buckets, applying the size cap (vector_tiler_cap.cpp).
class ZoomEncoder {
  public:
    ZoomEncoder(const std::vector<VtLayer>& layers,
                const std::vector<std::vector<FeatureInfo>>& info,
                const std::vector<std::vector<ZoomGeometry>>& prepared, std::uint8_t z,
                const VectorTilerOptions& options)
        : layers_(layers), info_(info), prepared_(prepared), z_(z), options_(options) {
        mvt_.extent = options.extent;
        mvt_.buffer = options.buffer;
        mvt_.tolerance = options.tolerance;
    }

    TileResult encode(const TileId& tile, const Entry* begin, const Entry* end,
                      detail::GzipDeflater& gz) const;

  private:
    bool is_point(const Entry& e) const;

    /// Encodes the entries not marked in `dropped`, polygons from `alt` when given.
    Encoded encode_subset(const TileId& tile, const Entry* begin, const Entry* end,
                          const std::vector<char>* dropped, const std::vector<ZoomGeometry>* alt,
                          detail::GzipDeflater& gz) const;

    /// Applies the size cap (see vector_tiler.hpp) to a tile over it.
    void cap(const TileId& tile, const Entry* begin, const Entry* end, detail::GzipDeflater& gz,
             TileResult& r) const;

    const std::vector<VtLayer>& layers_;
    const std::vector<std::vector<FeatureInfo>>& info_;
    const std::vector<std::vector<ZoomGeometry>>& prepared_;
    std::uint8_t z_;
    const VectorTilerOptions& options_;
    MvtOptions mvt_;
};

/// One zoom, prepared: every active feature projected and simplified, bucketed by tile.
struct ZoomWork {
    std::uint8_t z = 0;
    std::vector<std::vector<ZoomGeometry>> prepared;  // [layer][feature]
    std::vector<Entry> entries;                       // sorted by tile, layer, feature
    std::vector<std::size_t> starts;  // first entry of each tile, then entries.size()
    std::unique_ptr<ZoomEncoder> encoder;
    ZoomTileStats stats;

    std::size_t tiles() const { return starts.empty() ? 0 : starts.size() - 1; }
    TileId tile_id(std::size_t t) const {
        const std::uint64_t key = entries[starts[t]].tile;
        return TileId{z, std::uint32_t(key >> 32), std::uint32_t(key & 0xffffffffu)};
    }
    TileResult encode(std::size_t t, detail::GzipDeflater& gz) const {
        return encoder->encode(tile_id(t), entries.data() + starts[t],
                               entries.data() + starts[t + 1], gz);
    }
};

/// Prepares zoom `z`: projects and simplifies every valid feature of the layers active at
/// `z` (on `threads` threads) and buckets each into the tiles its buffered box touches.
std::unique_ptr<ZoomWork> prepare_zoom(const std::vector<VtLayer>& layers,
                                       const std::vector<std::vector<FeatureInfo>>& info,
                                       std::uint8_t z, const VectorTilerOptions& options,
                                       unsigned threads);

}  // namespace assetmap::tiles::detail::tiler
