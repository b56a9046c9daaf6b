#include "console.hpp"

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
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace assetmap::tools
