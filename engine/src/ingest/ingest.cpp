#include <assetmap/ingest/ingest.hpp>

#include "ingest_steps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/geopackage_writer.hpp>
#include <assetmap/io/layer_writer.hpp>
#include <assetmap/io/osm_network_reader.hpp>
#include <assetmap/io/output_paths.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include <assetmap/spatial/polygon_overlay.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

namespace assetmap::ingest {

namespace detail {

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace detail

namespace {

void add_metadata(const Study& study, StudyData& out, const IngestOptions& options) {
    auto& m = out.metadata;
    // No absolute local paths: inputs relative to the study file's folder, the study file
    // relative to the output's folder (set by the writer; the working directory until then).
    // (A study made in code, as `count` makes one, has no file: the working directory.)
    const std::string study_dir =
        study.file.empty()
            ? std::string(".")
            : std::filesystem::absolute(study.file).lexically_normal().parent_path().string();
    const auto from_study = [&](const std::string& p) { return path_relative_to(p, study_dir); };
    m.emplace_back("study", study.name);
    m.emplace_back("title", study.title);
    if (!study.title_cy.empty()) m.emplace_back("title_cy", study.title_cy);
    m.emplace_back("study_file", path_relative_to(study.file, "."));
    m.emplace_back("software", std::string("assetmap ") + ASSETMAP_VERSION);
    m.emplace_back("run_time_utc", options.timestamp_utc);
    m.emplace_back("metric_crs", study.metric_crs);
    m.emplace_back("taxonomy", from_study(study.taxonomy_path));
    m.emplace_back("dedupe_distance_m", detail::format_number(study.dedupe_distance_m));
    m.emplace_back("edge_rule", "a point on a boundary shared by several areas belongs to the "
                                "area with the lowest code");
    m.emplace_back("datum_note", "EPSG:4326 to EPSG:27700 uses PROJ's Helmert transformation "
                                 "(about 2 m accuracy; Debian's proj-data has no OSTN15 grid)");
    for (const auto& s : out.sources) {
        const std::string k = "source." + s.name + ".";
        m.emplace_back(k + "path", from_study(s.path));
        if (!s.licence.empty()) m.emplace_back(k + "licence", s.licence);
        if (!s.attribution.empty()) m.emplace_back(k + "attribution", s.attribution);
        m.emplace_back(k + "date", s.date.empty() ? "not stated in the study file" : s.date);
        m.emplace_back(k + "transform", s.transform);
        m.emplace_back(k + "records_read", std::to_string(s.records_read));
        m.emplace_back(k + "records_used", std::to_string(s.records_used));
        m.emplace_back(k + "records_outside_study", std::to_string(s.outside_study));
        m.emplace_back(k + "records_merged", std::to_string(s.merged));
        if (s.filtered > 0) m.emplace_back(k + "records_filtered", std::to_string(s.filtered));
    }
    for (std::size_t i = 0; i < study.assets.size(); ++i) {
        const auto& a = study.assets[i];
        const std::string k = "source." + a.name + ".";
        if (a.extent)
            m.emplace_back(k + "extent_lonlat",
                           detail::format_number(a.extent->min_lon_deg) + "," +
                               detail::format_number(a.extent->min_lat_deg) + "," +
                               detail::format_number(a.extent->max_lon_deg) + "," +
                               detail::format_number(a.extent->max_lat_deg));
        if (i < out.extents.size()) {
            const auto& e = out.extents[i];
            m.emplace_back(k + "extent", to_string(e.kind));
            if (e.kind == ExtentKind::hull)
                m.emplace_back(k + "extent_hull",
                               std::to_string(e.hull_records) + " records, " +
                                   std::to_string(e.hull_outliers) +
                                   " outliers left out, edges up to " +
                                   detail::format_number(e.hull_edge_limit_m) +
                                   " m, buffered " + detail::format_number(e.hull_spacing_m) +
                                   " m");
        }
        if (!a.filter_text.empty()) {
            std::string f;
            for (const auto& t : a.filter_text) f += (f.empty() ? "" : "; ") + t;
            m.emplace_back(k + "filter", f);
        }
        if (a.dedupe_distance_m)
            m.emplace_back(k + "dedupe_distance_m", detail::format_number(*a.dedupe_distance_m));
        m.emplace_back(k + "completeness", to_string(a.completeness.completeness));
        if (!a.completeness.note.empty())
            m.emplace_back(k + "completeness_note", a.completeness.note);
        for (const auto& [c, note] : a.completeness_by_category) {
            m.emplace_back(k + "category." + c + ".completeness", to_string(note.completeness));
            if (!note.note.empty()) m.emplace_back(k + "category." + c + ".completeness_note",
                                                   note.note);
        }
    }
    if (!study.areas.population_date.empty())
        m.emplace_back("source.areas.population_date", study.areas.population_date);
    std::map<std::string, std::size_t> per_category;
    for (const auto& a : out.assets) ++per_category[a.category];
    for (const auto& [c, n] : per_category) m.emplace_back("assets." + c, std::to_string(n));
    m.emplace_back("areas", std::to_string(out.areas.size()));
    m.emplace_back("population_points", std::to_string(out.population_points.size()));
    if (out.region) {
        m.emplace_back("region", out.region->id);
        m.emplace_back("region.areas_outside_study", std::to_string(out.region->areas.size()));
        m.emplace_back("region.population_points_outside_study",
                       std::to_string(out.region->population_points.size()));
        m.emplace_back("region.assets_outside_study",
                       std::to_string(out.region->assets_outside_study));
    }
    m.emplace_back("problems", std::to_string(out.problems.size()));
}

}  // namespace

std::string path_relative_to(const std::string& path, const std::string& folder) {
    namespace fs = std::filesystem;
    if (path.empty()) return path;
    const fs::path p = fs::absolute(path).lexically_normal();
    const fs::path base = fs::absolute(folder.empty() ? "." : folder).lexically_normal();
    const fs::path rel = p.lexically_relative(base);
    return rel.empty() ? p.string() : rel.string();
}

void set_study_file(StudyData& data, const std::string& study_file,
                    const std::string& output_folder) {
    const std::string value = path_relative_to(study_file, output_folder);
    for (auto& [k, v] : data.metadata)
        if (k == "study_file") {
            v = value;
            return;
        }
    data.metadata.emplace_back("study_file", value);
}

StudyData ingest_study(const Study& study, const Taxonomy& taxonomy, const IngestOptions& options) {
    StudyData out;
    out.study_name = study.name;
    out.metric_crs = study.metric_crs;

    out.comparators = study.comparators;
    if (!study.comparators.region.empty()) {
        out.region.emplace();
        out.region->id = study.comparators.region;
    }

    report_progress(options.progress, "areas", 0, 4);
    detail::AreaSet set = detail::ingest_areas(study, out, options.threads);
    std::vector<Area> other_areas = std::move(set.other_areas);
    auto areas =
        std::make_shared<StudyAreas>(std::move(set.areas), std::move(set.all_source_codes));
    const auto geometries = [](const std::vector<Area>& list) {
        std::vector<MultiPolygonM> polygons;
        polygons.reserve(list.size());
        for (const auto& a : list) polygons.push_back(a.geometry);
        return polygons;
    };
    std::optional<spatial::AreaLocator> other_locator;
    if (out.region && !other_areas.empty()) other_locator.emplace(geometries(other_areas));

    report_progress(options.progress, "population points", 1, 4);
    detail::ingest_population_points(study, areas, other_areas,
                                     other_locator ? &*other_locator : nullptr, options.threads,
                                     out);

    report_progress(options.progress, "assets", 2, 4);
    // `extent = "areas"`: the union of every area of the areas source, for display.
    std::optional<MultiPolygonM> areas_union;
    if (std::any_of(study.assets.begin(), study.assets.end(),
                    [](const AssetSource& a) { return a.extent_is_areas; })) {
        auto all = geometries(areas->areas);
        for (auto& g : geometries(other_areas)) all.push_back(std::move(g));
        areas_union = spatial::union_all(all);
    }
    detail::ingest_assets(study, taxonomy, areas->locator, areas->areas,
                          other_locator ? &*other_locator : nullptr, other_areas,
                          areas_union ? &*areas_union : nullptr, out);
    out.areas = std::move(areas->areas);
    if (out.region) out.region->areas = std::move(other_areas);

    if (study.network) {
        report_progress(options.progress, "walking network", 3, 4);
        const io::CrsTransform to_metric = io::CrsTransform::shared("OGC:CRS84", study.metric_crs);
        out.network = io::read_walking_network(study.network->path, to_metric, out.problems,
                                               options.progress);
        out.snap_limit_m = study.network->snap_limit_m;
        out.walk_speed_kmh = study.network->walk_speed_kmh;
        out.catchment_minutes = study.network->catchment_minutes;
        out.catchment_cell_m = study.network->catchment_cell_m;
        SourceSummary s;
        s.name = "network";
        s.path = study.network->path;
        s.licence = study.network->licence;
        s.attribution = study.network->attribution;
        s.date = study.network->date;
        s.transform = to_metric.description();
        s.records_read = out.network->ways_read;
        s.records_used = out.network->ways_used;
        out.sources.push_back(std::move(s));
    }
    if (study.transit) {
        report_progress(options.progress, "timetables", 3, 4);
        out.transit = detail::ingest_transit(study, out);
    }
    report_progress(options.progress, "done", 4, 4);

    add_metadata(study, out, options);
    if (options.strict && !out.problems.empty()) {
        std::string summary;
        for (const auto& [kind, n] : out.problems.counts_by_kind())
            summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
        const auto& first = out.problems.problems().front();
        throw strict_error(std::to_string(out.problems.size()) + " data problem(s) (" + summary +
                           "); first: " + first.source + " " + first.feature + ": " +
                           first.message + " — fix the data or run without --strict");
    }
    return out;
}

StudyData ingest_to_geopackage(const std::string& study_file, const std::string& output_path,
                               const IngestOptions& options,
                               const std::string& data_dir_override) {
    const Study study = io::load_study(study_file, data_dir_override);
    io::check_not_an_input(output_path, io::study_inputs(study));  // before any work
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    io::ExportOptions check;
    check.destination = output_path;
    check.format = io::OutputFormat::gpkg;
    io::check_destination(check);  // an output that cannot be written fails before the work
    StudyData data = ingest_study(study, taxonomy, options);
    set_study_file(data, study_file,
                   std::filesystem::absolute(output_path).parent_path().string());
    io::write_study_geopackage(data, output_path, options.timestamp_utc);
    return data;
}

}  // namespace assetmap::ingest
