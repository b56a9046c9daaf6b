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

std::vector<PointRecord> read_csv_points(const PointSource& src, const std::string& metric_crs,
                                         ProblemReport& problems, SourceSummary& summary) {
    const auto table = io::CsvTable::read_file(src.path);
    const auto xc = table.column(src.columns.x);
    const auto yc = table.column(src.columns.y);
    const auto wc = src.columns.weight.empty()
                        ? std::nullopt
                        : std::optional<std::size_t>(table.column(src.columns.weight));
    const auto idc = src.columns.id.empty() ? std::nullopt
                                            : std::optional<std::size_t>(table.column(src.columns.id));
    const auto ac = src.columns.area_code.empty()
                        ? std::nullopt
                        : std::optional<std::size_t>(table.column(src.columns.area_code));
    const io::CrsTransform transform = io::CrsTransform::shared(src.crs, metric_crs);
    summary.transform = transform.description();

    std::vector<PointRecord> out;
    for (const auto& row : table.rows()) {
        ++summary.records_read;
        const std::string line = "line " + std::to_string(row.line);
        if (!row_is_complete(table, row, problems)) continue;
        const auto x = io::parse_double(row.fields[xc]);
        const auto y = io::parse_double(row.fields[yc]);
        if (!x || !y) {
            problems.add(ProblemKind::bad_value, src.path, line, !x ? src.columns.x : src.columns.y,
                         "coordinate '" + row.fields[!x ? xc : yc] +
                             "' is not a finite number; row not used");
            continue;
        }
        if (!transform.in_source_area_of_use(*x, *y)) {
            problems.add(ProblemKind::bad_coordinate, src.path, line, src.columns.x,
                         "coordinate (" + row.fields[xc] + ", " + row.fields[yc] +
                             ") is outside the range of " + src.crs +
                             "; check the x/y columns and crs; row not used");
            continue;
        }
        auto m = transform.to_metric(*x, *y);
        if (!m) {
            problems.add(ProblemKind::bad_coordinate, src.path, line, src.columns.x,
                         "coordinate cannot be transformed; row not used");
            continue;
        }
        PointRecord r;
        r.where = line;
        r.id = idc ? row.fields[*idc] : line;
        r.area_code = ac ? row.fields[*ac] : std::string();
        r.weight_text = wc ? row.fields[*wc] : std::string("1");
        r.location = *m;
        out.push_back(std::move(r));
    }
    return out;
}

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

/// Population points read whole and matched in file order: vector sources, and CSV sources
/// of a study with a region comparator (whose points of the other areas go to the region).
void ingest_point_rows(const Study& study, const StudyAreas& areas,
                       const std::vector<Area>& other_areas,
                       const spatial::AreaLocator* other_locator, SourceSummary& summary,
                       StudyData& out) {
    const PointSource& src = *study.population_points;
    auto& problems = out.problems;
    auto records = src.format == PointSource::Format::csv
                       ? read_csv_points(src, study.metric_crs, problems, summary)
                       : read_vector_points(src, study.metric_crs, problems, summary);

    std::set<std::string> other_codes;
    // With a region comparator, points of the areas outside the study are the region's.
    RegionData* region = out.region ? &*out.region : nullptr;
    if (region)
        for (const auto& a : other_areas) other_codes.insert(a.code);
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
        bool in_region = false;  // a point of an area outside the study, for the region
        if (by_code) {
            if (r.area_code.empty()) {
                problems.add(Problem{ProblemKind::missing_field, src.path, "", r.where,
                                     src.columns.area_code, "no area code; not used", r.location});
                continue;
            }
            if (!areas.index_of_code.count(r.area_code)) {
                if (other_codes.count(r.area_code)) {
                    ++summary.outside_study;
                    in_region = true;
                } else if (areas.all_source_codes.count(r.area_code)) {
                    ++summary.outside_study;  // belongs to an area outside this study
                } else {
                    problems.add(Problem{ProblemKind::unmatched_code, src.path, "", r.where,
                                         src.columns.area_code,
                                         "area code '" + r.area_code +
                                             "' is not in the area source; not used",
                                         r.location});
                }
                if (!in_region) continue;
            }
            code = r.area_code;
        } else {
            if (const auto idx = areas.locator.locate(r.location)) {
                code = areas.areas[*idx].code;
            } else {
                ++summary.outside_study;
                const auto other = other_locator ? other_locator->locate(r.location)
                                                 : std::nullopt;
                if (!other) continue;
                code = other_areas[*other].code;
                in_region = true;
            }
        }
        if (!ids.insert(r.id).second) {
            problems.add(Problem{ProblemKind::duplicate_id, src.path, "", r.where,
                                 src.columns.id, "id '" + r.id + "' appears again; not used",
                                 r.location});
            continue;
        }
        (in_region ? region->population_points : out.population_points)
            .push_back(PopulationPoint{r.id, code, *w, r.location});
    }
    summary.records_used = out.population_points.size();
}

}  // namespace

void ingest_population_points(const Study& study,
                              const std::shared_ptr<const StudyAreas>& areas,
                              const std::vector<Area>& other_areas,
                              const spatial::AreaLocator* other_locator, unsigned threads,
                              StudyData& out) {
    if (!study.population_points) return;
    const PointSource& src = *study.population_points;
    SourceSummary summary;
    if (src.format == PointSource::Format::csv && !out.region) {
        // Streamed: parsed, transformed and located in byte ranges on `threads` threads.
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
        ingest_point_rows(study, *areas, other_areas, other_locator, summary, out);
    }
    summary.licence = study.areas_licence;
    summary.attribution = study.areas_attribution;
    summary.date = src.date;
    out.sources.push_back(std::move(summary));
}

}  // namespace assetmap::ingest::detail
