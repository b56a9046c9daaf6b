#include "ingest_steps.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/osm_reader.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/spatial/duplicate_merger.hpp>
#include <assetmap/spatial/polygon_ops.hpp>

#include <set>

namespace assetmap::ingest::detail {

namespace {

/// A categorised record and the source it came from.
struct Record {
    std::size_t source_rank = 0;
    io::RawAsset raw;
};

/// The categories of a record: the source's fixed category, the taxonomy entry its category
/// field names, or (with neither) every category whose selectors match its fields as tags.
/// A record with none is reported as unknown_category.
std::vector<const Category*> categorise(const AssetSource& src, const Taxonomy& taxonomy,
                                        const std::string& value, const TagList& tags,
                                        const std::string& where, const PointM& location,
                                        ProblemReport& problems) {
    if (!src.category.empty()) return {taxonomy.find(src.category)};
    std::vector<const Category*> found;
    std::string what;
    if (!src.columns.category.empty()) {
        if (const Category* c = taxonomy.match_value(value)) found.push_back(c);
        what = "category '" + value + "' is not in the taxonomy";
    } else {
        found = taxonomy.match_fields(tags);
        what = "its fields match no selector of the taxonomy";
    }
    if (found.empty())
        problems.add(Problem{ProblemKind::unknown_category, src.path, src.layer, where,
                             src.columns.category,
                             what + "; add the category (or an alias or selector) to the "
                                    "taxonomy file; not used",
                             location});
    return found;
}

/// Parses a capacity value; reports and returns nullopt for a bad one (the asset is kept
/// with the default capacity of 1).
std::optional<double> parse_capacity(const AssetSource& src, const std::string& text,
                                     const std::string& where, const PointM& location,
                                     ProblemReport& problems) {
    if (src.columns.capacity.empty() || text.empty()) return std::nullopt;
    const auto v = io::parse_double(text);
    if (v && *v >= 0) return v;
    problems.add(Problem{ProblemKind::bad_value, src.path, src.layer, where, src.columns.capacity,
                         "capacity '" + text + "' is not a number >= 0; 1 is used", location});
    return std::nullopt;
}

/// Fields as a tag list (views into `pairs`).
TagList as_tags(const std::vector<std::pair<std::string, std::string>>& pairs) {
    TagList tags;
    tags.reserve(pairs.size());
    for (const auto& [k, v] : pairs) tags.emplace_back(k, v);
    return tags;
}

std::vector<io::RawAsset> read_vector_assets(const AssetSource& src, const Taxonomy& taxonomy,
                                             const std::string& metric_crs,
                                             ProblemReport& problems, SourceSummary& summary) {
    io::VectorRequest req;
    req.path = src.path;
    req.layer = src.layer;
    req.crs_override = src.crs;
    req.target_crs = metric_crs;
    req.fields = {src.columns.id, src.columns.name, src.columns.category, src.columns.capacity};
    req.want = io::GeometryWant::points_or_polygons;
    req.all_attributes =
        (src.category.empty() && src.columns.category.empty()) || !src.filter.empty();
    auto data = io::read_vector(req, problems);
    summary.transform = data.transform;
    summary.records_read = data.features_read;
    std::vector<io::RawAsset> out;
    for (auto& f : data.features) {
        const TagList fields = as_tags(f.attributes);
        if (!src.filter.empty() && !any_selector_matches(src.filter, fields)) {
            ++summary.filtered;  // left out by the source's value filter, by design
            continue;
        }
        const std::string where = "fid " + std::to_string(f.fid);
        io::RawAsset a;
        a.source_id = src.columns.id.empty() || f.is_null[0] ? std::to_string(f.fid) : f.values[0];
        a.name = f.values[1];
        a.location = f.is_polygon ? centroid(f.polygon) : f.point;
        a.capacity = parse_capacity(src, f.values[3], where, a.location, problems);
        for (const Category* c :
             categorise(src, taxonomy, f.values[2], fields, where, a.location, problems)) {
            io::RawAsset one = a;
            one.category = c->id;
            if (f.is_polygon && c->is_area) one.footprint = f.polygon;
            out.push_back(std::move(one));
        }
    }
    return out;
}

std::vector<io::RawAsset> read_table_assets(const AssetSource& src, const Taxonomy& taxonomy,
                                            const std::string& metric_crs,
                                            ProblemReport& problems, SourceSummary& summary) {
    const bool gtfs = src.format == AssetSource::Format::gtfs;
    std::string path = src.path;
    if (gtfs && path.size() > 4 && path.compare(path.size() - 4, 4, ".zip") == 0)
        path = "/vsizip/" + path + "/stops.txt";
    const auto table = io::CsvTable::read_file(path);
    const std::string xs = gtfs ? "stop_lon" : src.columns.x;
    const std::string ys = gtfs ? "stop_lat" : src.columns.y;
    const std::string ids = gtfs ? "stop_id" : src.columns.id;
    const std::string names = gtfs ? "stop_name" : src.columns.name;
    const auto xc = table.column(xs);
    const auto yc = table.column(ys);
    const auto idc = ids.empty() ? std::nullopt : std::optional<std::size_t>(table.column(ids));
    const auto nc = names.empty() ? std::nullopt : std::optional<std::size_t>(table.column(names));
    const auto capc = src.columns.capacity.empty()
                          ? std::nullopt
                          : std::optional<std::size_t>(table.column(src.columns.capacity));
    const auto cc = src.columns.category.empty()
                        ? std::nullopt
                        : std::optional<std::size_t>(table.column(src.columns.category));
    const auto lt = gtfs ? table.find_column("location_type") : std::nullopt;
    const io::CrsTransform transform =
        io::CrsTransform::shared(gtfs ? std::string("EPSG:4326") : src.crs, metric_crs);
    summary.transform = transform.description();

    std::vector<io::RawAsset> out;
    for (const auto& row : table.rows()) {
        ++summary.records_read;
        const std::string line = "line " + std::to_string(row.line);
        if (!row_is_complete(table, row, problems)) continue;
        if (lt && !row.fields[*lt].empty() && row.fields[*lt] != "0") {
            ++summary.outside_study;  // GTFS stations/entrances: not stops where people board
            continue;
        }
        TagList tags;
        const bool by_selectors = !gtfs && src.category.empty() && !cc;
        if (by_selectors || !src.filter.empty())
            for (std::size_t i = 0; i < row.fields.size(); ++i)
                if (!row.fields[i].empty()) tags.emplace_back(table.header()[i], row.fields[i]);
        if (!src.filter.empty() && !any_selector_matches(src.filter, tags)) {
            ++summary.filtered;  // left out by the source's value filter, by design
            continue;
        }
        const auto x = io::parse_double(row.fields[xc]);
        const auto y = io::parse_double(row.fields[yc]);
        if (!x || !y) {
            problems.add(ProblemKind::bad_value, path, line, !x ? xs : ys,
                         "coordinate '" + row.fields[!x ? xc : yc] +
                             "' is not a finite number; row not used");
            continue;
        }
        auto m = transform.in_source_area_of_use(*x, *y) ? transform.to_metric(*x, *y)
                                                         : std::nullopt;
        if (!m) {
            problems.add(ProblemKind::bad_coordinate, path, line, xs,
                         "coordinate (" + row.fields[xc] + ", " + row.fields[yc] +
                             ") is outside the range of its CRS; check columns and crs");
            continue;
        }
        io::RawAsset a;
        a.source_id = idc ? row.fields[*idc] : line;
        a.name = nc ? row.fields[*nc] : std::string();
        a.location = *m;
        if (capc) a.capacity = parse_capacity(src, row.fields[*capc], line, a.location, problems);
        for (const Category* c : categorise(src, taxonomy, cc ? row.fields[*cc] : std::string(),
                                            tags, line, a.location, problems)) {
            io::RawAsset one = a;
            one.category = c->id;
            out.push_back(std::move(one));
        }
    }
    return out;
}

}  // namespace

void ingest_assets(const Study& study, const Taxonomy& taxonomy,
                   const spatial::AreaLocator& locator, const std::vector<Area>& areas,
                   const spatial::AreaLocator* other_locator,
                   const std::vector<Area>& other_areas, const MultiPolygonM* areas_union,
                   StudyData& out) {
    auto& problems = out.problems;
    std::vector<Record> records;
    std::vector<std::size_t> summary_index;
    for (std::size_t rank = 0; rank < study.assets.size(); ++rank) {
        const AssetSource& src = study.assets[rank];
        if (!src.category.empty() && !taxonomy.find(src.category))
            throw config_error(study.file + ": [[assets]] '" + src.name + "' has category '" +
                               src.category + "', which is not in the taxonomy " +
                               study.taxonomy_path);
        for (const auto& entry : src.completeness_by_category)
            if (!taxonomy.find(entry.first))
                throw config_error(study.file + ": [[assets]] '" + src.name +
                                   "' completeness_by_category names '" + entry.first +
                                   "', which is not a category of the taxonomy " +
                                   study.taxonomy_path);
        SourceSummary summary;
        summary.name = src.name;
        summary.path = src.path;
        summary.licence = src.licence;
        summary.attribution = src.attribution;
        summary.date = src.date;
        if (src.format == AssetSource::Format::osm && !src.filter.empty())
            throw config_error(study.file + ": [[assets]] '" + src.name +
                               "': 'filter' applies to vector, csv and gtfs sources; for OSM "
                               "select with the taxonomy's osm selectors");
        std::vector<io::RawAsset> raw;
        if (src.format == AssetSource::Format::osm) {
            const io::CrsTransform transform =
                io::CrsTransform::shared("OGC:CRS84", study.metric_crs);
            summary.transform = transform.description();
            io::OsmReadStats stats;
            raw = io::read_osm_assets(src.path, src.name, taxonomy, transform, problems, &stats);
            summary.records_read = stats.nodes + stats.ways + stats.relations;
        } else if (src.format == AssetSource::Format::vector) {
            raw = read_vector_assets(src, taxonomy, study.metric_crs, problems, summary);
        } else {
            raw = read_table_assets(src, taxonomy, study.metric_crs, problems, summary);
        }
        out.extents.push_back(source_extent(src, raw, study.metric_crs, areas_union));

        std::set<std::pair<std::string, std::string>> seen;  // (id, category)
        for (auto& a : raw) {
            if (!seen.insert({a.source_id, a.category}).second) {
                problems.add(Problem{ProblemKind::duplicate_id, src.path, src.layer, a.source_id,
                                     src.columns.id,
                                     "id '" + a.source_id + "' appears again for category " +
                                         a.category + "; the first record is used",
                                     a.location});
                continue;
            }
            if (a.footprint) {
                auto repaired = spatial::make_valid(*a.footprint);
                if (!repaired.was_valid) {
                    const bool dropped = repaired.geometry.empty();
                    problems.add(Problem{dropped ? ProblemKind::invalid_geometry_dropped
                                                 : ProblemKind::invalid_geometry_repaired,
                                         src.path, src.layer, a.source_id, "",
                                         repaired.reason + (dropped ? "; nothing polygonal "
                                                                      "remains, not used"
                                                                    : "; repaired with GEOS "
                                                                      "MakeValid"),
                                         a.location});
                    if (dropped) continue;
                    a.footprint = std::move(repaired.geometry);
                    a.location = centroid(*a.footprint);
                }
            }
            if (src.inside_areas_only && !locator.locate(a.location)) {
                ++summary.outside_study;
                continue;
            }
            records.push_back(Record{rank, std::move(a)});
        }
        summary_index.push_back(out.sources.size());
        out.sources.push_back(std::move(summary));
    }

    // Merge the same asset reported by several sources.
    std::vector<spatial::MergeCandidate> candidates;
    candidates.reserve(records.size());
    for (const auto& r : records)
        candidates.push_back({r.source_rank, r.raw.category, r.raw.location});
    std::vector<double> merge_distance_m;
    for (const auto& src : study.assets)
        merge_distance_m.push_back(src.dedupe_distance_m.value_or(study.dedupe_distance_m));
    const auto into = spatial::merge_duplicates(candidates, merge_distance_m);

    std::vector<std::size_t> asset_of(records.size(), SIZE_MAX);
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (into[i] != i) continue;
        const auto& r = records[i];
        const Category* c = taxonomy.find(r.raw.category);
        Asset a;
        a.category = r.raw.category;
        a.domain = c ? to_string(c->domain) : "";
        a.name = r.raw.name;
        a.location = r.raw.location;
        a.footprint = r.raw.footprint;
        a.capacity = r.raw.capacity;
        const auto& src = study.assets[r.source_rank];
        a.id = a.category + ":" + src.name + ":" + r.raw.source_id;
        a.sources.push_back({src.name, r.raw.source_id});
        asset_of[i] = out.assets.size();
        out.assets.push_back(std::move(a));
        ++out.sources[summary_index[r.source_rank]].records_used;
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (into[i] == i) continue;
        const auto& r = records[i];
        Asset& kept = out.assets[asset_of[into[i]]];
        kept.sources.push_back({study.assets[r.source_rank].name, r.raw.source_id});
        if (kept.name.empty()) kept.name = r.raw.name;
        ++out.sources[summary_index[r.source_rank]].merged;
    }

    // Assign areas; assets outside every study area are kept (they count for distances).
    // With a region, one in an area outside the study is the region's, not a problem;
    // one outside every area of the source is flagged.
    const bool region = out.region.has_value();
    for (auto& a : out.assets) {
        if (const auto idx = locator.locate(a.location)) {
            a.area_code = areas[*idx].code;
            if (region) a.region_area_code = a.area_code;
        } else if (const auto other =
                       other_locator ? other_locator->locate(a.location) : std::nullopt) {
            a.region_area_code = other_areas[*other].code;
            ++out.region->assets_outside_study;
        } else {
            problems.add(Problem{ProblemKind::outside_areas, a.sources.front().source, "",
                                 a.sources.front().id, "",
                                 a.category + " '" + a.name +
                                     "' lies outside every study area; kept, flagged "
                                     "outside_areas (it still counts for nearest distances)",
                                 a.location});
        }
    }
}

}  // namespace assetmap::ingest::detail
