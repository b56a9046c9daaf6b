// The ingest GeoPackage as OutputLayer values, written by write_layers (one GDAL path).
#include <assetmap/io/geopackage_writer.hpp>
#include <assetmap/io/layer_writer.hpp>

#include <cmath>
#include <limits>

namespace assetmap::io {

namespace {

/// Empty text is stored as null, as the ingest output always did.
FieldValue text(const std::string& s) {
    return s.empty() ? FieldValue{} : FieldValue{s};
}

std::string join_sources(const Asset& a, bool with_ids) {
    std::string out;
    for (const auto& s : a.sources) {
        if (!out.empty()) out += ";";
        out += with_ids ? s.source + ":" + s.id : s.source;
    }
    return out;
}

OutputLayer make_layer(const char* name, LayerGeometry geometry,
                       std::initializer_list<FieldDef> fields) {
    OutputLayer l;
    l.name = name;
    l.geometry = geometry;
    l.fields = fields;
    return l;
}

constexpr auto S = FieldType::string;
constexpr auto R = FieldType::real;
constexpr auto I = FieldType::integer;

}  // namespace

std::vector<OutputLayer> study_layers(const StudyData& data) {
    std::vector<OutputLayer> layers;
    layers.reserve(7);  // the references below stay valid

    auto& areas = layers.emplace_back(make_layer(
        "areas", LayerGeometry::multipolygon,
        {{"code", S}, {"name", S}, {"parent_code", S}, {"population", I}, {"area_m2", R}}));
    for (const auto& a : data.areas) {
        // Residents are whole: a fractional source value is rounded here (the measures use
        // it as it is).
        areas.rows.push_back({text(a.code), text(a.name), text(a.parent_code),
                              a.population && std::isfinite(*a.population)
                                  ? FieldValue{static_cast<std::int64_t>(std::llround(*a.population))}
                                  : FieldValue{},
                              a.area_m2});
        areas.polygons.push_back(a.geometry);
    }

    auto& points = layers.emplace_back(make_layer(
        "population_points", LayerGeometry::point, {{"id", S}, {"area_code", S}, {"weight", R}}));
    for (const auto& p : data.population_points) {
        points.rows.push_back({text(p.id), text(p.area_code), p.weight});
        points.points.push_back(p.location);
    }

    auto& assets = layers.emplace_back(make_layer(
        "assets", LayerGeometry::point,
        {{"asset_id", S}, {"category", S}, {"domain", S}, {"name", S}, {"source", S},
         {"source_ids", S}, {"area_code", S}, {"outside_areas", I}, {"capacity", R},
         {"edited_by", S}, {"edited_utc", S}}));
    for (const auto& a : data.assets) {
        assets.rows.push_back({text(a.id), text(a.category), text(a.domain), text(a.name),
                               text(join_sources(a, false)), text(join_sources(a, true)),
                               text(a.area_code), std::int64_t{a.area_code.empty() ? 1 : 0},
                               a.capacity ? FieldValue{*a.capacity} : FieldValue{},
                               text(a.edited_by), text(a.edited_utc)});
        assets.points.push_back(a.location);
    }

    auto& footprints = layers.emplace_back(make_layer(
        "asset_footprints", LayerGeometry::multipolygon,
        {{"asset_id", S}, {"category", S}, {"name", S}}));
    for (const auto& a : data.assets) {
        if (!a.footprint) continue;
        footprints.rows.push_back({text(a.id), text(a.category), text(a.name)});
        footprints.polygons.push_back(*a.footprint);
    }

    // The data extent of each asset source (README, "Data extent"); empty = null geometry.
    auto& extents = layers.emplace_back(make_layer(
        "source_extents", LayerGeometry::multipolygon,
        {{"source", S}, {"kind", S}, {"declared", I}, {"categories", S}, {"completeness", S},
         {"date", S}, {"hull_records", I}, {"hull_outliers", I}, {"hull_buffer_m", R},
         {"hull_edge_limit_m", R}, {"area_km2", R}}));
    for (const auto& e : data.extents) {
        std::string categories, completeness;
        for (const auto& c : e.categories) {
            categories += (categories.empty() ? "" : ",") + c;
            const auto it = e.completeness.find(c);
            const bool partial =
                it != e.completeness.end() && it->second.completeness == Completeness::partial;
            completeness += (completeness.empty() ? "" : ",") + c + ":" +
                            (partial ? "partial" : "complete");
        }
        MultiPolygonM polygon = e.kind != ExtentKind::box ? e.polygon
                                : e.ring.empty()          ? MultiPolygonM{}
                                                          : MultiPolygonM{PolygonM{e.ring, {}}};
        const bool hull = e.kind == ExtentKind::hull;
        extents.rows.push_back(
            {text(e.source), text(to_string(e.kind)), std::int64_t{e.declared ? 1 : 0},
             text(categories), text(completeness), text(e.date),
             hull ? FieldValue{static_cast<std::int64_t>(e.hull_records)} : FieldValue{},
             hull ? FieldValue{static_cast<std::int64_t>(e.hull_outliers)} : FieldValue{},
             hull ? FieldValue{e.hull_spacing_m} : FieldValue{},
             hull ? FieldValue{e.hull_edge_limit_m} : FieldValue{},
             polygon.empty() ? FieldValue{} : FieldValue{area_m2(polygon) / 1e6}});
        extents.polygons.push_back(std::move(polygon));
    }

    // A problem without a location gets a null geometry (a non-finite point).
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    auto& problems = layers.emplace_back(make_layer(
        "problems", LayerGeometry::point,
        {{"kind", S}, {"source", S}, {"layer", S}, {"feature", S}, {"field", S}, {"message", S}}));
    for (const auto& p : data.problems.problems()) {
        problems.rows.push_back({text(to_string(p.kind)), text(p.source), text(p.layer),
                                 text(p.feature), text(p.field), text(p.message)});
        problems.points.push_back(p.location ? *p.location : PointM{nan, nan});
    }

    auto& meta = layers.emplace_back(
        make_layer("metadata", LayerGeometry::none, {{"key", S}, {"value", S}}));
    for (const auto& [k, v] : data.metadata) meta.rows.push_back({text(k), FieldValue{v}});
    return layers;
}

void write_study_geopackage(const StudyData& data, const std::string& path,
                            const std::string& timestamp_utc) {
    ExportOptions options;
    options.destination = path;
    options.format = OutputFormat::gpkg;
    options.source_crs = data.metric_crs;
    options.timestamp_utc = timestamp_utc;
    write_layers(study_layers(data), options);
}

}  // namespace assetmap::io
