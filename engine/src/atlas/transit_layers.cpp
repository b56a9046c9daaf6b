/// @file Public-transport layers and metadata (see transit_layers.hpp).

#include <assetmap/atlas/transit_layers.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/core/sparse_grid.hpp>
#include <assetmap/spatial/grid_tracer.hpp>
#include <assetmap/spatial/area_locator.hpp>
#include <assetmap/transit/travel_times.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace assetmap::atlas {

namespace {

using io::FieldType;
using io::FieldValue;
using io::LayerGeometry;
using io::OutputLayer;

FieldValue text(const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; }
FieldValue real(const std::optional<double>& v) { return v ? FieldValue{*v} : FieldValue{}; }

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

const char* walk_model(bool on_network) { return on_network ? "network" : "straight_line"; }

/// To the decimetre (walks are computed in single precision).
std::optional<double> rounded(const std::optional<double>& m) {
    if (!m) return m;
    return std::round(*m * 10.0) / 10.0;
}

std::size_t isochrone_window(const transit::TransitModel& model) {
    const std::string& name = model.settings().isochrone_window;
    if (name.empty()) return 0;
    const std::size_t w = model.find_window(name);
    if (w == model.windows().size())
        throw config_error("[transit] isochrone_window '" + name + "' is not one of the windows");
    return w;
}

OutputLayer points_layer(const measure::MeasureResults& r) {
    const auto& t = r.transit;
    OutputLayer l;
    l.name = "transit_points";
    l.geometry = LayerGeometry::point;
    l.fields = {{"point_id", FieldType::string},      {"area_code", FieldType::string},
                {"weight", FieldType::real},          {"walk_model", FieldType::string},
                {"stops_in_reach", FieldType::integer}, {"nearest_stop_m", FieldType::real}};
    for (const auto& w : t.windows)
        for (const auto& c : t.categories)
            l.fields.push_back(
                {measure::MeasureKey{c, measure::MeasureKind::pt_minutes, 0.0, w}.column(),
                 FieldType::real});
    for (const auto& p : t.points) {
        std::vector<FieldValue> row = {text(p.id), text(p.area_code), p.weight,
                                       FieldValue{std::string(walk_model(p.on_network))},
                                       FieldValue{std::int64_t{p.stops_in_reach}},
                                       real(rounded(p.nearest_stop_m))};
        for (const auto& m : p.minutes) row.push_back(real(m));
        l.rows.push_back(std::move(row));
        l.points.push_back(p.location);
    }
    return l;
}

OutputLayer stop_access_layer(const StudyData& data, const transit::TransitModel& model) {
    OutputLayer l;
    l.name = "stop_access";
    l.geometry = LayerGeometry::point;
    l.fields = {{"stop_id", FieldType::string},    {"name", FieldType::string},
                {"feed", FieldType::string},       {"area_code", FieldType::string},
                {"walk_model", FieldType::string}, {"routes", FieldType::string}};
    for (const auto& w : model.windows())
        l.fields.push_back({"departures_per_hour_" + w.window.name, FieldType::real});

    std::vector<MultiPolygonM> polygons;
    BoxM box;  // the areas' bounding box widened by the walk limit
    for (const Area& a : data.areas) {
        polygons.push_back(a.geometry);
        const BoxM b = bounds(a.geometry);
        if (b.empty()) continue;
        const double w = model.settings().max_walk_m;
        box.expand({b.min_x_m - w, b.min_y_m - w});
        box.expand({b.max_x_m + w, b.max_y_m + w});
    }
    const spatial::AreaLocator locator(polygons);
    std::vector<std::vector<std::uint32_t>> departures;
    std::vector<double> hours;
    for (const auto& w : model.windows()) {
        departures.push_back(w.timetable.departures_between(w.window.start_s, w.window.end_s));
        hours.push_back((w.window.end_s - w.window.start_s) / 3600.0);
    }
    // Route names per stop, from every window's timetable (sorted, unique).
    const auto& stops = model.stops().stops;
    std::vector<std::set<std::string>> names(stops.size());
    for (const auto& w : model.windows()) {
        const auto& tt = w.timetable;
        for (std::uint32_t ri = 0; ri < tt.route_count(); ++ri) {
            const auto& r = tt.route(ri);
            for (std::uint32_t trip = 0; trip < r.trip_count; ++trip) {
                const auto& ref = tt.trip_ref(r, trip);
                const GtfsFeed& feed = model.feeds()[ref.feed];
                const std::string& name =
                    feed.routes[feed.trips[ref.trip].route].display_name();
                for (std::uint32_t p = 0; p + 1 < r.stop_count; ++p)
                    if (tt.can_board(r, trip, p)) names[tt.stop_at(r, p)].insert(name);
            }
        }
    }
    for (std::uint32_t s = 0; s < stops.size(); ++s) {
        // The frequency map covers the stops residents can walk to.
        if (!box.contains(stops[s].location)) continue;
        const auto area = locator.locate(stops[s].location);
        std::string routes;
        for (const auto& n : names[s]) routes += (routes.empty() ? "" : ";") + n;
        std::vector<FieldValue> row = {text(stops[s].id), text(stops[s].name),
                                       text(model.feeds()[stops[s].feed].name),
                                       area ? text(data.areas[*area].code) : FieldValue{},
                                       FieldValue{std::string(walk_model(model.stop_places()[s].on_network))},
                                       text(routes)};
        for (std::size_t w = 0; w < departures.size(); ++w)
            row.push_back(FieldValue{departures[w][s] / hours[w]});
        l.rows.push_back(std::move(row));
        l.points.push_back(stops[s].location);
    }
    return l;
}

OutputLayer isochrones_layer(const Taxonomy& taxonomy,
                             const std::vector<TransitIsochrone>& isochrones) {
    OutputLayer l;
    l.name = "transit_isochrones";
    l.geometry = LayerGeometry::multipolygon;
    l.fields = {{"category", FieldType::string}, {"domain", FieldType::string},
                {"window", FieldType::string},   {"minutes", FieldType::real},
                {"area_km2", FieldType::real}};
    for (const auto& iso : isochrones) {
        const Category* cat = taxonomy.find(iso.category);
        l.rows.push_back({text(iso.category), cat ? text(to_string(cat->domain)) : FieldValue{},
                          text(iso.window), iso.minutes, area_m2(iso.polygon) / 1e6});
        l.polygons.push_back(iso.polygon);
    }
    return l;
}

}  // namespace

std::vector<TransitIsochrone> transit_isochrones(const StudyData& data,
                                                 const transit::TransitModel& model,
                                                 const std::vector<std::string>& categories,
                                                 unsigned threads, const ProgressFn& progress,
                                                 transit::TravelTimeCache* cache) {
    std::vector<TransitIsochrone> out;
    const auto& s = model.settings();
    if (s.isochrone_minutes.empty() || categories.empty()) return out;
    const std::size_t window = isochrone_window(model);
    const double cell = s.isochrone_cell_m;
    if (!(cell > 0 && std::isfinite(cell)))
        throw config_error("[transit] isochrone_cell_m must be a number > 0 (metres)");

    BoxM box;
    std::vector<MultiPolygonM> polygons;
    for (const Area& a : data.areas) {
        polygons.push_back(a.geometry);
        const BoxM b = bounds(a.geometry);
        if (!b.empty()) {
            box.expand({b.min_x_m, b.min_y_m});
            box.expand({b.max_x_m, b.max_y_m});
        }
    }
    if (box.empty()) return out;
    const spatial::AreaLocator locator(polygons);
    // Cells of `cell` metres over the areas' box, row 0 at the north; one origin per cell
    // centre inside an area. The reached cells go into a sparse grid traced per level.
    const double min_x_m = std::floor(box.min_x_m / cell) * cell;
    const double max_y_m = std::ceil(box.max_y_m / cell) * cell;
    const auto width = static_cast<std::uint32_t>(std::ceil((box.max_x_m - min_x_m) / cell));
    const auto height = static_cast<std::uint32_t>(std::ceil((max_y_m - box.min_y_m) / cell));
    std::vector<PointM> origins;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cell_of;  // (col, row)
    for (std::uint32_t row = 0; row < height; ++row)
        for (std::uint32_t col = 0; col < width; ++col) {
            const PointM c{min_x_m + (col + 0.5) * cell, max_y_m - (row + 0.5) * cell};
            if (!locator.locate(c)) continue;
            origins.push_back(c);
            cell_of.emplace_back(col, row);
        }

    std::vector<std::string> with_assets;
    std::vector<std::vector<PointM>> groups;
    for (const auto& c : categories) {
        std::vector<PointM> pts;
        for (const Asset& a : data.assets)
            if (a.category == c) pts.push_back(a.location);
        if (pts.empty()) continue;
        with_assets.push_back(c);
        groups.push_back(std::move(pts));
    }
    std::vector<double> levels = s.isochrone_minutes;
    std::sort(levels.begin(), levels.end());
    // Only times up to the largest level matter here: search no further.
    const auto horizon_s = static_cast<std::int32_t>(std::ceil(levels.back() * 60));
    const transit::TravelTimes times =
        cache ? cache->medians(origins, with_assets, groups, threads, progress, {window}, horizon_s)
              : transit::travel_time_medians(model, transit::TargetGroups(model, groups, threads),
                                             origins, threads, progress, {window}, horizon_s);
    for (std::size_t g = 0; g < with_assets.size(); ++g) {
        SparseGridM grid(min_x_m, max_y_m, cell);
        for (std::size_t o = 0; o < origins.size(); ++o) {
            const std::int32_t t = times.median(o, 0, g);
            if (t != transit::unreachable_s)
                grid.cell(cell_of[o].first, cell_of[o].second) = static_cast<float>(t / 60.0);
        }
        auto traced = spatial::trace_levels(grid, levels);
        for (std::size_t k = 0; k < levels.size(); ++k)
            out.push_back({with_assets[g], model.windows()[window].window.name, levels[k],
                           std::move(traced[k])});
    }
    return out;
}

void add_transit_layers(const StudyData& data, const Taxonomy& taxonomy,
                        const transit::TransitModel& model,
                        const measure::MeasureResults& results,
                        const std::vector<TransitIsochrone>& isochrones,
                        std::vector<io::OutputLayer>& layers) {
    std::vector<OutputLayer> added;
    added.push_back(points_layer(results));
    added.push_back(stop_access_layer(data, model));
    added.push_back(isochrones_layer(taxonomy, isochrones));
    OutputLayer* metadata = layers.empty() ? nullptr : &layers.back();
    if (metadata && metadata->name == "metadata") {
        const auto& s = model.settings();
        auto add = [&](const std::string& k, const std::string& v) {
            metadata->rows.push_back({FieldValue{k}, FieldValue{v}});
        };
        add("transit.date", model.date().iso());
        add("transit.date_rule",
            model.date_is_default()
                ? "the feeds' first full weekday: of the Monday-Friday dates in every feed's "
                  "service range, the one on which the most trips run (the earliest on a tie)"
                : "set in the study file");
        for (const auto& w : model.windows())
            add("transit.window." + w.window.name,
                format_clock(w.window.start_s) + "-" + format_clock(w.window.end_s) + " on " +
                    w.date.iso() + ", " + std::to_string(w.departures_s.size()) +
                    " departures every " + number(s.step_minutes) + " min; " +
                    std::to_string(w.timetable.trip_count()) + " trips in " +
                    std::to_string(w.timetable.route_count()) + " RAPTOR routes");
        add("transit.stops", std::to_string(model.stops().stops.size()));
        add("transit.max_walk_m", number(s.max_walk_m));
        add("transit.max_transfer_m", number(s.max_transfer_m));
        add("transit.walk_speed_kmh", number(s.walk_speed_kmh));
        add("transit.detour_factor", number(s.detour_factor));
        add("transit.max_transfers", std::to_string(s.max_transfers));
        add("transit.max_trip_minutes", number(s.max_trip_minutes));
        add("transit.walk_rule",
            model.walker().has_network()
                ? "on the walking network when both ends snap to it in one component; "
                  "otherwise the straight line times the detour factor"
                : "no walking network: the straight line times the detour factor");
        add("transit.median_rule", "lower median over the window's departures (the ceil(n/2)-th "
                                   "shortest time; unreachable counts as longest)");
        for (const auto& c : results.transit.categories)
            if (const Category* cat = taxonomy.find(c)) {
                std::string list;
                for (double m : cat->pt_minutes) list += (list.empty() ? "" : ",") + number(m);
                add("measure." + c + ".pt_minutes", list);
            }
        add("transit.points_without_stop", std::to_string(results.transit.points_without_stop));
        add("transit.raptor_runs", std::to_string(results.transit.raptor_runs));
        if (!isochrones.empty())
            add("transit.isochrone_cell_m", number(s.isochrone_cell_m));
    }
    const auto at = layers.empty() ? layers.end() : layers.end() - 1;  // before metadata
    layers.insert(at, std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
}

}  // namespace assetmap::atlas
