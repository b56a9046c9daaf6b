#include "ingest_steps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/core/parallel.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/spatial/polygon_ops.hpp>

#include <algorithm>
#include <map>

namespace assetmap::ingest::detail {

namespace {

/// Joins population from a CSV by area code.
void join_population_csv(const AreaSource& src, std::vector<Area>& areas,
                         std::vector<Area>& other_areas,
                         const std::set<std::string, std::less<>>& all_codes,
                         ProblemReport& problems) {
    const auto table = io::CsvTable::read_file(src.population_csv);
    const auto code_col = table.column(src.population_csv_code);
    const auto value_col = table.column(src.population_csv_value);
    std::map<std::string, Area*> by_code;
    for (auto& a : areas) by_code[a.code] = &a;
    for (auto& a : other_areas) by_code[a.code] = &a;
    std::set<std::string> seen;
    for (const auto& row : table.rows()) {
        const std::string line = "line " + std::to_string(row.line);
        if (!row_is_complete(table, row, problems)) continue;
        const std::string& code = row.fields[code_col];
        if (!seen.insert(code).second) {
            problems.add(ProblemKind::duplicate_id, table.source(), line, src.population_csv_code,
                         "area code '" + code + "' appears again; the first row is used");
            continue;
        }
        const auto value = io::parse_double(row.fields[value_col]);
        if (!value || *value < 0) {
            problems.add(ProblemKind::bad_value, table.source(), line, src.population_csv_value,
                         "population '" + row.fields[value_col] +
                             "' is not a number >= 0; that area's population is unknown");
            continue;
        }
        if (auto it = by_code.find(code); it != by_code.end()) {
            it->second->population = *value;
        } else if (!all_codes.count(code)) {
            problems.add(ProblemKind::unmatched_code, table.source(), line,
                         src.population_csv_code,
                         "area code '" + code + "' is not in the area source; row not used");
        }
    }
}

}  // namespace

AreaSet ingest_areas(const Study& study, StudyData& out, unsigned threads) {
    // Areas left out by `parents` are kept (repaired, population joined) when the region
    // comparator or an `extent = "areas"` needs them.
    bool keep_others = !study.comparators.region.empty();
    for (const auto& a : study.assets) keep_others = keep_others || a.extent_is_areas;
    const AreaSource& src = study.areas;
    io::VectorRequest req;
    req.path = src.path;
    req.layer = src.layer;
    req.crs_override = src.crs;
    req.target_crs = study.metric_crs;
    req.fields = {src.code_field, src.name_field, src.parent_field, src.population_field};
    req.want = io::GeometryWant::polygons;
    req.threads = threads;
    auto data = io::read_vector(req, out.problems);
    // GEOS validity checks and repairs of the features the loop below keeps (a code, the
    // first of its code, a wanted parent unless the other areas are kept too), on `threads` threads (a GEOS context per call).
    std::vector<char> kept(data.features.size(), 0);
    {
        std::set<std::string> seen;
        for (std::size_t k = 0; k < data.features.size(); ++k) {
            const auto& f = data.features[k];
            if (f.is_null[0] || f.values[0].empty()) continue;
            const bool first = seen.insert(f.values[0]).second;
            kept[k] = first && (keep_others || src.parents.empty() ||
                                std::find(src.parents.begin(), src.parents.end(),
                                          f.values[2]) != src.parents.end());
        }
    }
    std::vector<spatial::RepairResult> repaired(data.features.size());
    parallel_chunks(data.features.size(), threads, 8,
                    [&](std::size_t begin, std::size_t end, unsigned) {
                        for (std::size_t i = begin; i < end; ++i)
                            if (kept[i]) repaired[i] = spatial::make_valid(data.features[i].polygon);
                    });

    SourceSummary summary;
    summary.name = "areas";
    summary.path = src.path;
    summary.licence = study.areas_licence;
    summary.attribution = study.areas_attribution;
    summary.date = src.date;
    summary.transform = data.transform;
    summary.records_read = data.features_read;

    AreaSet set;
    auto& problems = out.problems;
    for (std::size_t k = 0; k < data.features.size(); ++k) {
        auto& f = data.features[k];
        const std::string fid = "fid " + std::to_string(f.fid);
        const std::string& code = f.values[0];
        if (f.is_null[0] || code.empty()) {
            problems.add(ProblemKind::missing_field, src.path, fid, src.code_field,
                         "area has no code; not used");
            continue;
        }
        const bool first = set.all_source_codes.insert(code).second;
        const bool in_study =
            src.parents.empty() ||
            std::find(src.parents.begin(), src.parents.end(), f.values[2]) != src.parents.end();
        if (!in_study) {
            ++summary.outside_study;  // outside the study by its parent filter
            if (!keep_others || !first) continue;
        }
        if (!first) {
            problems.add(ProblemKind::duplicate_id, src.path, fid, src.code_field,
                         "area code '" + code + "' appears again; the first feature is used");
            continue;
        }
        Area a;
        a.code = code;
        a.name = f.values[1];
        a.parent_code = f.values[2];
        if (!src.population_field.empty()) {
            const auto pop = io::parse_double(f.values[3]);
            if (pop && *pop >= 0)
                a.population = *pop;
            else
                problems.add(ProblemKind::bad_value, src.path, fid, src.population_field,
                             "population '" + f.values[3] + "' of area " + code +
                                 " is not a number >= 0; population unknown");
        }
        auto& repair = repaired[k];
        if (!repair.was_valid) {
            Problem p{repair.geometry.empty() ? ProblemKind::invalid_geometry_dropped
                                                : ProblemKind::invalid_geometry_repaired,
                      src.path, data.layer, fid, "",
                      "area " + code + ": " + repair.reason +
                          (repair.geometry.empty() ? "; nothing polygonal remains, not used"
                                                   : "; repaired with GEOS MakeValid"),
                      centroid(f.polygon)};
            problems.add(std::move(p));
            if (repair.geometry.empty()) continue;
        }
        a.geometry = std::move(repair.geometry);
        a.area_m2 = area_m2(a.geometry);
        (in_study ? set.areas : set.other_areas).push_back(std::move(a));
    }
    if (set.areas.empty())
        throw input_error(src.path, "no study areas" +
                                        (src.parents.empty()
                                             ? std::string()
                                             : " with parent codes in 'parents' of the study file") +
                                        "; check code_field, parent_field and parents");
    const auto by_code = [](const Area& a, const Area& b) { return a.code < b.code; };
    std::sort(set.areas.begin(), set.areas.end(), by_code);
    std::sort(set.other_areas.begin(), set.other_areas.end(), by_code);

    if (!src.population_csv.empty())
        join_population_csv(src, set.areas, set.other_areas, set.all_source_codes, problems);
    const bool region = !study.comparators.region.empty();
    const bool has_population = !src.population_csv.empty() || !src.population_field.empty();
    for (const auto* list : {&set.areas, &set.other_areas}) {
        if (list == &set.other_areas && !region) break;
        for (const auto& a : *list) {
            if (a.population || !has_population) continue;
            problems.add(ProblemKind::missing_field,
                         src.population_csv.empty() ? src.path : src.population_csv, a.code,
                         "population",
                         "area " + a.code + " has no population value; its rates will be null");
        }
    }
    summary.records_used = set.areas.size();
    out.sources.push_back(std::move(summary));
    return set;
}

}  // namespace assetmap::ingest::detail

namespace assetmap::ingest {

StudyAreas::StudyAreas(std::vector<Area> sorted_areas, std::set<std::string, std::less<>> all_codes,
                       unsigned threads)
    : areas(std::move(sorted_areas)), all_source_codes(std::move(all_codes)),
      locator(
          areas.size(), [this](std::size_t i) -> const MultiPolygonM& { return areas[i].geometry; },
          threads) {
    index_of_code.reserve(areas.size());
    for (std::size_t i = 0; i < areas.size(); ++i) index_of_code.emplace(areas[i].code, i);
}

StudyAreas read_study_areas(const Study& study, StudyData& out, unsigned threads) {
    detail::AreaSet set = detail::ingest_areas(study, out, threads);
    return StudyAreas(std::move(set.areas), std::move(set.all_source_codes), threads);
}

}  // namespace assetmap::ingest
