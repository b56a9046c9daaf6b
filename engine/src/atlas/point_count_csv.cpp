/// @file count_csv_points: `count` of a CSV of points, streamed while the areas load. Apart
/// from count_points (point_count.cpp), whose other path goes through the whole ingest, so
/// that the `count` front (tools/front) links this alone, without GDAL.

#include <assetmap/atlas/point_count.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/ingest/point_stream.hpp>
#include <assetmap/ingest/study_areas.hpp>

#include <algorithm>
#include <future>
#include <thread>

namespace assetmap::atlas {

namespace {

/// The CSV path: the areas load on one thread while the points stream (parse, transform,
/// locate on `threads` threads); each point is counted as it arrives, in file order, so the
/// sums are the same as a row-by-row count and no point is kept.
PointCount stream_count(const Study& study, unsigned threads) {
    StudyData area_data;
    std::packaged_task<std::shared_ptr<const ingest::StudyAreas>()> load([&] {
        return std::shared_ptr<const ingest::StudyAreas>(
            std::make_shared<ingest::StudyAreas>(ingest::read_study_areas(study, area_data, threads)));
    });
    const ingest::StudyAreasFuture areas = load.get_future().share();
    std::thread loader(std::move(load));

    PointCount out;
    ProblemReport point_problems;
    SourceSummary summary;
    std::exception_ptr point_error;
    try {
        ingest::PointStreamOptions options;
        options.threads = threads;
        options.exact_locations = false;  // areas only: interpolate where the locator vouches
        summary = ingest::stream_csv_points(
            *study.population_points, study.metric_crs, areas, point_problems,
            [&](const ingest::AcceptedPoint& p) {
                if (out.counts.empty()) {
                    const std::size_t n = areas.get()->areas.size();
                    out.counts.assign(n, 0);
                    out.weights.assign(n, 0.0);
                }
                ++out.counts[p.area];
                out.weights[p.area] += p.weight;
            },
            options);
    } catch (...) {
        point_error = std::current_exception();
    }
    loader.join();
    const auto& study_areas = *areas.get();  // rethrows an area error first, as ingest would
    if (point_error) std::rethrow_exception(point_error);

    for (const auto& a : study_areas.areas) {
        out.codes.push_back(a.code);
        out.names.push_back(a.name);
    }
    out.counts.resize(out.codes.size(), 0);
    out.weights.resize(out.codes.size(), 0.0);
    out.points_read = summary.records_read;
    out.points_outside = summary.outside_study;
    out.problems = std::move(area_data.problems);
    for (const auto& p : point_problems.problems()) out.problems.add(p);
    return out;
}

}  // namespace

PointCount count_csv_points(const AreaSource& areas, const PointSource& points,
                            const std::string& metric_crs, unsigned threads) {
    if (!points.columns.area_code.empty())
        throw config_error("count_points joins by location; leave the area-code column empty");
    if (points.format != PointSource::Format::csv)
        throw config_error("count_csv_points reads a CSV of points; use count_points");
    Study study;
    study.name = "count";
    study.metric_crs = metric_crs;
    study.areas = areas;
    study.population_points = points;
    return stream_count(study, std::max(1U, threads));
}

}  // namespace assetmap::atlas
