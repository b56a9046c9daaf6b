/// @file Walking catchments category by category (see catchment_stream.hpp), and
/// walking_catchments (study_run.hpp) on top of them.
#include <assetmap/atlas/atlas_layers.hpp>
#include <assetmap/atlas/catchment_stream.hpp>
#include <assetmap/atlas/nearby.hpp>
#include <assetmap/atlas/study_run.hpp>

#include <assetmap/network/catchment.hpp>
#include <assetmap/spatial/grid_tracer.hpp>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace assetmap::atlas {

namespace {

/// One category's traced levels; `traced` false when it has no asset on the network.
struct Traced {
    bool done = false;
    bool traced = false;
    std::vector<MultiPolygonM> levels;
};

Traced trace_category(const StudyData& data, const std::string& category,
                      const NearbyFinder& walking, const std::vector<double>& limits) {
    Traced t;
    t.done = true;
    const auto sources = walking.snaps_of(category);
    if (sources.empty()) return t;
    const double max_limit = *std::max_element(limits.begin(), limits.end());
    const SparseGridM grid = network::walking_distance_grid(walking.graph(), sources, max_limit,
                                                            kCatchmentBufferM,
                                                            data.catchment_cell_m);
    t.levels = spatial::trace_levels(grid, limits);
    t.traced = true;
    return t;
}

std::vector<Catchment> catchments_of(const StudyData& data, const std::string& category,
                                     const std::vector<double>& limits, Traced&& t) {
    std::vector<Catchment> out;
    for (std::size_t k = 0; k < limits.size(); ++k)
        out.push_back({category, data.catchment_minutes[k], limits[k], std::move(t.levels[k])});
    return out;
}

std::size_t vertices_of(const MultiPolygonM& mp) {
    std::size_t n = 0;
    for (const auto& p : mp) {
        n += p.outer.size();
        for (const auto& h : p.holes) n += h.size();
    }
    return n;
}

}  // namespace

std::vector<double> catchment_limits_m(const StudyData& data) {
    const double m_per_min = data.walk_speed_kmh * 1000.0 / 60.0;
    std::vector<double> limits;
    for (double minutes : data.catchment_minutes) limits.push_back(minutes * m_per_min);
    return limits;
}

void for_each_category_catchments(const StudyData& data,
                                  const std::vector<std::string>& categories,
                                  const NearbyFinder& walking, unsigned threads,
                                  const std::function<void(std::vector<Catchment>&&)>& take) {
    const std::vector<double> limits = catchment_limits_m(data);
    if (limits.empty()) return;
    const std::size_t n = categories.size();
    const unsigned workers = unsigned(std::min<std::size_t>(std::max(1u, threads), n));
    if (workers <= 1) {  // one thread: trace, take, trace, take
        for (std::size_t c = 0; c < n; ++c) {
            Traced t = trace_category(data, categories[c], walking, limits);
            if (t.traced) take(catchments_of(data, categories[c], limits, std::move(t)));
        }
        return;
    }
    // Workers trace categories in order, at most `window` ahead of the one being taken;
    // the calling thread takes them in category order.
    const std::size_t window = workers + 1;
    std::mutex m;
    std::condition_variable cv;
    std::vector<Traced> slots(n);
    std::size_t next_trace = 0, next_take = 0;
    bool stop = false;
    std::exception_ptr error;
    auto fail = [&](std::exception_ptr e) {
        {
            std::lock_guard<std::mutex> lock(m);
            if (!error) error = e;
            stop = true;
        }
        cv.notify_all();
    };
    auto work = [&] {
        for (;;) {
            std::size_t c = 0;
            {
                std::unique_lock<std::mutex> lock(m);
                cv.wait(lock, [&] { return stop || next_trace >= n || next_trace < next_take + window; });
                if (stop || next_trace >= n) return;
                c = next_trace++;
            }
            try {
                Traced t = trace_category(data, categories[c], walking, limits);
                {
                    std::lock_guard<std::mutex> lock(m);
                    slots[c] = std::move(t);
                }
                cv.notify_all();
            } catch (...) {
                fail(std::current_exception());
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    try {
        for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work);
        for (std::size_t c = 0; c < n; ++c) {
            Traced t;
            {
                std::unique_lock<std::mutex> lock(m);
                cv.wait(lock, [&] { return stop || slots[c].done; });
                if (stop) break;
                t = std::move(slots[c]);
                slots[c] = Traced{};
            }
            if (t.traced) take(catchments_of(data, categories[c], limits, std::move(t)));
            {
                std::lock_guard<std::mutex> lock(m);
                next_take = c + 1;
            }
            cv.notify_all();
        }
    } catch (...) {
        fail(std::current_exception());
    }
    {
        std::lock_guard<std::mutex> lock(m);
        stop = true;
    }
    cv.notify_all();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

std::vector<Catchment> walking_catchments(const StudyData& data,
                                          const std::vector<std::string>& categories,
                                          const NearbyFinder& walking, unsigned threads) {
    std::vector<Catchment> out;
    for_each_category_catchments(data, categories, walking, threads,
                                 [&](std::vector<Catchment>&& set) {
                                     for (auto& c : set) out.push_back(std::move(c));
                                 });
    return out;
}

std::optional<io::OutputLayer> streamed_catchments_layer(
    const StudyData& data, const std::vector<std::string>& categories,
    const NearbyFinder& walking, const Taxonomy& taxonomy, unsigned threads,
    CatchmentTally* tally) {
    const std::size_t levels = data.catchment_minutes.size();
    std::size_t rows = 0;
    for (const auto& c : categories)
        if (!walking.snaps_of(c).empty()) rows += levels;
    if (rows == 0) return std::nullopt;
    io::OutputLayer layer = empty_catchments_layer();
    layer.stream_rows = rows;
    layer.stream = [&data, categories, &walking, &taxonomy, threads,
                    tally](const io::RowSink& sink) {
        if (tally) *tally = CatchmentTally{};
        for_each_category_catchments(
            data, categories, walking, threads, [&](std::vector<Catchment>&& set) {
                io::OutputLayer chunk = empty_catchments_layer();
                for (auto& c : set) {
                    if (tally) {
                        ++tally->rows;
                        tally->vertices += vertices_of(c.polygon);
                    }
                    append_catchment(chunk, std::move(c), taxonomy);
                }
                set.clear();
                sink(std::move(chunk));
            });
    };
    return layer;
}

CatchmentTally tally_of(const std::vector<Catchment>& catchments) {
    CatchmentTally t;
    for (const auto& c : catchments) {
        ++t.rows;
        t.vertices += vertices_of(c.polygon);
    }
    return t;
}

}  // namespace assetmap::atlas
