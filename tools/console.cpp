#include "console.hpp"

#include "stage_meter.hpp"

#include <assetmap/core/date.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <unistd.h>

namespace assetmap::tools {

Console::Console(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}

ProgressFn Console::progress() {
    if (quiet_ || !tty_) return {};
    return [this](std::string_view stage, std::size_t done, std::size_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (drawn_ && done != total && now - last_draw_ < std::chrono::milliseconds(100)) return;
        last_draw_ = now;
        drawn_ = true;
        if (total > 0) {
            const int width = 30;
            const int filled = static_cast<int>(width * done / total);
            std::fprintf(stderr, "\r\033[K[%.*s%*s] %3d%% %.*s", filled,
                         "##############################", width - filled, "",
                         static_cast<int>(100 * done / total), static_cast<int>(stage.size()),
                         stage.data());
        } else {
            std::fprintf(stderr, "\r\033[K%.*s %zu", static_cast<int>(stage.size()), stage.data(),
                         done);
        }
        std::fflush(stderr);
    };
}

void Console::finish_progress() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    drawn_ = false;
}

void Console::ingest_summary(const StudyData& data, const std::string& output, double seconds) {
    finish_progress();
    if (quiet_) return;
    std::map<std::string, std::size_t> per_category;
    std::size_t outside = 0, multi_source = 0;
    for (const auto& a : data.assets) {
        ++per_category[a.category];
        outside += a.area_code.empty();
        multi_source += a.sources.size() > 1;
    }
    std::fprintf(stderr, "study %s: %zu areas, %zu population points, %zu assets\n",
                 data.study_name.c_str(), data.areas.size(), data.population_points.size(),
                 data.assets.size());
    for (const auto& [c, n] : per_category) std::fprintf(stderr, "  %-18s %6zu\n", c.c_str(), n);
    std::fprintf(stderr, "  (%zu outside every area, kept; %zu merged from several sources)\n",
                 outside, multi_source);
    for (const auto& s : data.sources)
        std::fprintf(stderr, "source %-18s read %zu, used %zu, outside study %zu, merged %zu\n",
                     s.name.c_str(), s.records_read, s.records_used, s.outside_study, s.merged);
    if (data.problems.empty()) {
        std::fprintf(stderr, "no data problems\n");
    } else {
        std::fprintf(stderr, "%zu data problems (layer 'problems' of %s):\n",
                     data.problems.size(), output.c_str());
        for (const auto& [kind, n] : data.problems.counts_by_kind())
            std::fprintf(stderr, "  %-26s %6zu\n", kind.c_str(), n);
    }
    std::fprintf(stderr, "wrote %s in %.2f s\n", output.c_str(), seconds);
}

void Console::measure_summary(const atlas::RunResult& result) {
    finish_progress();
    if (quiet_) return;
    const auto& r = result.measures;
    std::fprintf(stderr, "study %s: %zu areas, %zu population points, %zu assets, %zu problems\n",
                 result.data.study_name.c_str(), result.data.areas.size(),
                 result.data.population_points.size(), result.data.assets.size(),
                 result.data.problems.size());
    std::fprintf(stderr, "measured %zu categories: %zu columns per area, %zu comparators\n",
                 r.categories.size(), r.areas.keys.size(), r.comparators.row_ids.size());
    // Categories grouped by how many areas are partial_data for them.
    std::map<std::size_t, std::string> partial_groups;
    for (std::size_t c = 0; c < r.categories.size(); ++c) {
        std::size_t partial = 0;
        for (const auto& row : r.partial_data) partial += row[c];
        if (partial) {
            auto& list = partial_groups[partial];
            list += (list.empty() ? "" : ", ") + r.categories[c];
        }
    }
    for (const auto& [n, list] : partial_groups)
        std::fprintf(stderr, "partial_data in %zu of %zu areas (outside the data extent; left out "
                             "of ranks and comparators): %s\n",
                     n, r.partial_data.size(), list.c_str());
    for (const auto& c : r.categories_without_assets)
        std::fprintf(stderr, "  %-18s no asset in the study: access measures are null\n",
                     c.c_str());
    if (r.network.used) {
        const auto& n = r.network;
        std::fprintf(stderr, "walking network: %zu nodes, %zu edges, %zu components (%zu nodes "
                             "outside the largest); %zu points snapped, %zu farther than the "
                             "snap limit (off_network)\n",
                     n.nodes, n.edges, n.components, n.nodes - n.largest_component_nodes,
                     n.points_snapped, n.points_beyond_limit);
        for (const auto& c : n.categories_unreachable)
            std::fprintf(stderr, "  %-18s no asset on the walking network: net_ measures are "
                                 "null\n", c.c_str());
    }
    std::size_t indexed = 0;
    for (const auto& v : result.indicators.asset_index) indexed += v.has_value();
    std::fprintf(stderr, "%zu indicators; asset index for %zu of %zu areas\n",
                 result.indicators.indicators.size(), indexed, result.indicators.asset_index.size());
    if (result.catchment_rows)
        std::fprintf(stderr, "walking catchments: %zu, %zu outline vertices\n",
                     result.catchment_rows, result.catchment_vertices);
    for (const auto& report : result.export_reports) {
        for (const auto& o : report.outputs) std::fprintf(stderr, "wrote %s\n", o.c_str());
        for (const auto& [layer, names] : report.shapefile_names)
            if (!names.empty())
                std::fprintf(stderr, "  %s: %zu field names shortened to 10 characters (see "
                                     "%s.fields.csv)\n",
                             layer.c_str(), names.size(), layer.c_str());
    }
    std::fprintf(stderr, "ingest %.2f s, measure %.2f s, export %.2f s\n", result.ingest_s,
                 result.measure_s, result.export_s);
}

void Console::count_summary(const atlas::PointCount& result, const std::string& output,
                            const std::string& problems_path) {
    finish_progress();
    if (quiet_) return;
    std::uint64_t inside = 0;
    for (auto c : result.counts) inside += c;
    std::fprintf(stderr, "%zu areas; %zu points read: %llu inside an area, %zu outside every "
                         "area, %zu with problems\n",
                 result.codes.size(), result.points_read,
                 static_cast<unsigned long long>(inside), result.points_outside,
                 result.problems.size());
    if (!problems_path.empty()) std::fprintf(stderr, "problems listed in %s\n", problems_path.c_str());
    std::fprintf(stderr, "wrote %s\n", output.c_str());
}

void Console::tiles_summary(std::uint64_t tiles, std::uint64_t bytes, std::size_t max_tile_bytes,
                            std::size_t capped, std::size_t problems, const std::string& output,
                            const std::string& tilejson) {
    finish_progress();
    if (quiet_) return;
    std::fprintf(stderr, "wrote %llu tiles (%.1f MB", static_cast<unsigned long long>(tiles),
                 bytes / 1e6);
    if (max_tile_bytes) std::fprintf(stderr, ", largest %.1f KB", max_tile_bytes / 1e3);
    std::fprintf(stderr, ") to %s\n", output.c_str());
    if (capped)
        std::fprintf(stderr, "  %zu tiles over the 500 KB cap: features dropped by the "
                             "documented rule (README, \"Vector tiles\")\n", capped);
    if (problems) std::fprintf(stderr, "  %zu features not usable in tiles\n", problems);
    std::fprintf(stderr, "TileJSON: %s\n", tilejson.c_str());
}

void Console::stage_summary(const StageMeter& meter) {
    finish_progress();
    if (quiet_ || meter.stages().empty()) return;
    double total = 0.0;
    std::fprintf(stderr, "stage                              wall s   peak MiB\n");
    for (const auto& s : meter.stages()) {
        std::fprintf(stderr, "  %-32s %7.2f %10.0f\n", s.name.c_str(), s.wall_s, s.peak_mib);
        total += s.wall_s;
    }
    std::fprintf(stderr, "  %-32s %7.2f %10.0f%s\n", "whole run", total,
                 meter.process_peak_mib(),
                 meter.per_stage_peaks() ? "" : "  (peaks are the process's so far)");
}

void Console::error(const std::string& message) {
    finish_progress();
    std::fprintf(stderr, "assetmap: error: %s\n", message.c_str());
}

std::string run_timestamp_utc() {
    std::time_t t = std::time(nullptr);
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
        char* end = nullptr;
        const long long v = std::strtoll(sde, &end, 10);
        if (end && *end == '\0' && v >= 0) t = static_cast<std::time_t>(v);
    }
    return iso_utc(static_cast<std::int64_t>(t));
}

}  // namespace assetmap::tools
