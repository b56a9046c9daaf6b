#include "ingest_steps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/ingest/point_stream.hpp>

#include <future>

#include <map>
#include <optional>
#include <set>

namespace assetmap::ingest::detail {

namespace {

/// One point record before its area is settled.
struct PointRecord {
    std::string where;  ///< "line N" or "fid N"
    std::string id;
    std::string area_code;  ///< from the source, may be empty
    std::string weight_text;
    PointM location;
};

std::vector<PointRecord> read_vector_points(const PointSource& src, const std::string& metric_crs,
                                            ProblemReport& problems, SourceSummary& summary) {
    io::VectorRequest req;
    req.path = src.path;
    req.layer = src.layer;
    req.crs_override = src.crs;
    req.target_crs = metric_crs;
    req.fields = {src.columns.id, src.columns.area_code, src.columns.weight};
    req.want = io::GeometryWant::points;
    auto data = io::read_vector(req, problems);
    summary.transform = data.transform;
    summary.records_read = data.features_read;
    std::vector<PointRecord> out;
    for (auto& f : data.features) {
        PointRecord r;
        r.where = "fid " + std::to_string(f.fid);
        r.id = src.columns.id.empty() ? r.where : f.values[0];
        r.area_code = f.values[1];
        r.weight_text = src.columns.weight.empty() ? std::string("1") : f.values[2];
        r.location = f.point;
        out.push_back(std::move(r));
    }
    return out;
}

/// The vector (OGR) path: records read whole, then matched in file order.
void ingest_vector_points(const PointSource& src, const std::string& metric_crs,
                          const StudyAreas& areas, SourceSummary& summary, StudyData& out) {
    auto& problems = out.problems;
    auto records = read_vector_points(src, metric_crs, problems, summary);
    const bool by_code = !src.columns.area_code.empty();
    std::set<std::string> ids;
    for (auto& r : records) {
        const auto w = io::parse_double(r.weight_text);
        if (!w || *w < 0) {
            problems.add(Problem{ProblemKind::bad_value, src.path, "", r.where, src.columns.weight,
                                 "weight '" + r.weight_text + "' is not a number >= 0; not used",
                                 r.location});
            continue;
        }
        std::string code;
        if (by_code) {
            if (r.area_code.empty()) {
                problems.add(Problem{ProblemKind::missing_field, src.path, "", r.where,
                                     src.columns.area_code, "no area code; not used", r.location});
                continue;
            }
            if (!areas.index_of_code.count(r.area_code)) {
                if (areas.all_source_codes.count(r.area_code)) {
                    ++summary.outside_study;  // belongs to an area outside this study
                } else {
                    problems.add(Problem{ProblemKind::unmatched_code, src.path, "", r.where,
                                         src.columns.area_code,
                                         "area code '" + r.area_code +
                                             "' is not in the area source; not used",
                                         r.location});
                }
                continue;
            }
            code = r.area_code;
        } else {
            const auto idx = areas.locator.locate(r.location);
            if (!idx) {
                ++summary.outside_study;
                continue;
            }
            code = areas.areas[*idx].code;
        }
        if (!ids.insert(r.id).second) {
            problems.add(Problem{ProblemKind::duplicate_id, src.path, "", r.where,
                                 src.columns.id, "id '" + r.id + "' appears again; not used",
                                 r.location});
            continue;
        }
        out.population_points.push_back(PopulationPoint{r.id, code, *w, r.location});
    }
    summary.records_used = out.population_points.size();
}

}  // namespace

void ingest_population_points(const Study& study,
                              const std::shared_ptr<const StudyAreas>& areas, unsigned threads,
                              StudyData& out) {
    if (!study.population_points) return;
    const PointSource& src = *study.population_points;
    SourceSummary summary;
    if (src.format == PointSource::Format::csv) {
        std::promise<std::shared_ptr<const StudyAreas>> ready;
        ready.set_value(areas);
        PointStreamOptions options;
        options.threads = threads;
        auto& points = out.population_points;
        summary = stream_csv_points(
            src, study.metric_crs, ready.get_future().share(), out.problems,
            [&](const AcceptedPoint& p) {
                points.push_back(PopulationPoint{
                    p.id.empty() && src.columns.id.empty() ? "line " + std::to_string(p.line)
                                                           : std::string(p.id),
                    areas->areas[p.area].code, p.weight, p.location});
            },
            options);
    } else {
        summary.name = "population_points";
        summary.path = src.path;
        ingest_vector_points(src, study.metric_crs, *areas, summary, out);
    }
    summary.licence = study.areas_licence;
    summary.attribution = study.areas_attribution;
    out.sources.push_back(std::move(summary));
}

}  // namespace assetmap::ingest::detail
