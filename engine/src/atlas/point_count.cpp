#include <assetmap/atlas/point_count.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>

#include <map>

namespace assetmap::atlas {

namespace {

/// The OGR path: every point read, then counted (ingest_study).
PointCount count_vector_points(const Study& study) {
    StudyData data = ingest::ingest_study(study, Taxonomy{}, {});
    PointCount out;
    std::map<std::string, std::size_t> index;
    for (const auto& a : data.areas) {
        index[a.code] = out.codes.size();
        out.codes.push_back(a.code);
        out.names.push_back(a.name);
    }
    out.counts.assign(out.codes.size(), 0);
    out.weights.assign(out.codes.size(), 0.0);
    for (const auto& p : data.population_points) {
        const std::size_t i = index.at(p.area_code);
        ++out.counts[i];
        out.weights[i] += p.weight;
    }
    for (const auto& s : data.sources)
        if (s.name == "population_points") {
            out.points_read = s.records_read;
            out.points_outside = s.outside_study;
        }
    out.problems = std::move(data.problems);
    return out;
}

}  // namespace

PointCount count_points(const AreaSource& areas, const PointSource& points,
                        const std::string& metric_crs, unsigned threads) {
    if (!points.columns.area_code.empty())
        throw config_error("count_points joins by location; leave the area-code column empty");
    if (points.format == PointSource::Format::csv)
        return count_csv_points(areas, points, metric_crs, threads);
    Study study;
    study.name = "count";
    study.metric_crs = metric_crs;
    study.areas = areas;
    study.population_points = points;
    return count_vector_points(study);
}

}  // namespace assetmap::atlas
