/// @file Reading the study's GTFS feeds ([transit]) and projecting their stops.

#include "ingest_steps.hpp"

#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/gtfs_reader.hpp>

#include <cmath>
#include <exception>
#include <limits>
#include <thread>

namespace assetmap::ingest::detail {

TransitData ingest_transit(const Study& study, StudyData& out) {
    TransitData data;
    data.settings = *study.transit;
    const auto& sources = data.settings.feeds;
    data.feeds.resize(sources.size());
    // Feeds are independent: read them side by side (each with its own problem list, merged
    // in feed order afterwards, so the report does not depend on timing).
    std::vector<ProblemReport> problems(sources.size());
    std::vector<std::exception_ptr> errors(sources.size());
    auto read = [&](std::size_t i) {
        try {
            data.feeds[i] = io::read_gtfs(sources[i].path, sources[i].name, problems[i]);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < sources.size(); ++i) threads.emplace_back(read, i);
    if (!sources.empty()) read(0);
    for (auto& t : threads) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    for (const auto& p : problems)
        for (const auto& problem : p.problems()) out.problems.add(problem);

    const io::CrsTransform to_metric = io::CrsTransform::shared("OGC:CRS84", study.metric_crs);
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        GtfsFeed& feed = data.feeds[i];
        for (GtfsStop& s : feed.stops) {
            s.location = {nan, nan};
            if (!std::isfinite(s.lonlat.lon_deg) || !std::isfinite(s.lonlat.lat_deg)) continue;
            if (auto m = to_metric.to_metric(s.lonlat.lon_deg, s.lonlat.lat_deg))
                s.location = *m;
            else
                out.problems.add(ProblemKind::bad_coordinate, feed.path + "/stops.txt",
                                 "stop " + s.id, "stop_lon",
                                 "stop cannot be transformed into " + study.metric_crs +
                                     "; not used");
        }
        SourceSummary summary;
        summary.name = "transit:" + sources[i].name;
        summary.path = sources[i].path;
        summary.licence = sources[i].licence;
        summary.attribution = sources[i].attribution;
        summary.transform = to_metric.description();
        summary.records_read = feed.trips.size();  // usable trips (bad ones are problems)
        summary.records_used = feed.trips.size();
        out.sources.push_back(std::move(summary));
    }
    return data;
}

}  // namespace assetmap::ingest::detail
