#include "near_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/nearby.hpp>
#include <assetmap/atlas/transit_nearby.hpp>
#include <assetmap/core/date.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace assetmap::tools {

namespace {

LonLat parse_at(const std::string& text) {
    const auto comma = text.find(',');
    char* end1 = nullptr;
    char* end2 = nullptr;
    const std::string lon_s = text.substr(0, comma);
    const std::string lat_s = comma == std::string::npos ? "" : text.substr(comma + 1);
    const double lon = std::strtod(lon_s.c_str(), &end1);
    const double lat = std::strtod(lat_s.c_str(), &end2);
    if (comma == std::string::npos || lon_s.empty() || lat_s.empty() || *end1 || *end2 ||
        !std::isfinite(lon) || !std::isfinite(lat) || lon < -180 || lon > 180 || lat < -90 ||
        lat > 90)
        throw usage_error("--at '" + text + "': give LON,LAT in degrees (longitude -180..180, "
                          "latitude -90..90), e.g. -2.9977,51.5842");
    return {lon, lat};
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

/// A JSON number: never nan or inf (JSON has neither), null instead.
std::string json_number(double v, int decimals) {
    if (!std::isfinite(v)) return "null";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// --category and --domain: each value known to the taxonomy.
void check_filters(const NearArgs& args, const Taxonomy& taxonomy, const std::string& path) {
    for (const auto& c : args.categories)
        if (!taxonomy.find(c)) {
            std::string known;
            for (const auto& k : taxonomy.categories()) known += (known.empty() ? "" : ", ") + k.id;
            throw usage_error("--category: unknown category '" + c + "'; the taxonomy " + path +
                              " has: " + known);
        }
    for (const auto& d : args.domains)
        if (!parse_domain(d))
            throw usage_error("--domain: unknown domain '" + d +
                              "'; use individual, community or structural");
}

std::string sources_of(const Asset& a) {
    std::string out;
    for (const auto& s : a.sources) out += (out.empty() ? "" : ";") + s.source + ":" + s.id;
    return out;
}

/// "walk 4 min", "bus 151 08:05–08:15 Queensway Q1 → Royal Gwent", …
std::string leg_text(const atlas::TransitNearbyFinder& finder, const transit::JourneyLeg& leg) {
    char buf[64];
    if (leg.kind == transit::JourneyLeg::Kind::walk) {
        std::snprintf(buf, sizeof buf, "walk %.0f min", (leg.arrive_s - leg.depart_s) / 60.0);
        std::string out = buf;
        if (leg.to_stop != transit::JourneyLeg::place)
            out += " to " + finder.stop(leg.to_stop).name;
        return out;
    }
    const int type = finder.route_type(leg.trip);
    const char* mode = type == 3 ? "bus" : type == 2 ? "train" : type == 200 ? "coach"
                       : type == 0 ? "tram" : type == 1 ? "metro" : type == 4 ? "ferry" : "route";
    return std::string(mode) + " " + finder.route_name(leg.trip) + " " +
           format_clock(leg.depart_s) + "-" + format_clock(leg.arrive_s) + " " +
           finder.stop(leg.from_stop).name + " -> " + finder.stop(leg.to_stop).name;
}

std::string legs_json(const atlas::TransitNearbyFinder& finder,
                      const std::vector<transit::JourneyLeg>& legs) {
    std::string out = "[";
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const auto& leg = legs[i];
        const bool walk = leg.kind == transit::JourneyLeg::Kind::walk;
        auto place = [&](std::uint32_t s) {
            return s == transit::JourneyLeg::place ? std::string("null")
                                                   : json_string(finder.stop(s).name);
        };
        out += std::string(i ? "," : "") + "{\"mode\":" +
               json_string(walk ? "walk" : std::to_string(finder.route_type(leg.trip))) +
               ",\"from\":" + place(leg.from_stop) + ",\"to\":" + place(leg.to_stop) +
               ",\"depart\":" + json_string(format_clock(leg.depart_s)) +
               ",\"arrive\":" + json_string(format_clock(leg.arrive_s));
        if (walk) {
            char buf[48];
            std::snprintf(buf, sizeof buf, ",\"walk_m\":%.1f", leg.walk_m);
            out += buf;
        } else {
            out += ",\"route\":" + json_string(finder.route_name(leg.trip)) +
                   ",\"headsign\":" + json_string(finder.headsign(leg.trip));
        }
        out += "}";
    }
    return out + "]";
}

int near_transit(const NearArgs& args, const Study& study, const StudyData& data,
                 const Taxonomy& taxonomy, const LonLat& at, Console& console) {
    const auto depart = parse_clock_s(args.depart);
    if (args.depart.empty() || !depart)
        throw config_error("--mode transit needs --depart HH:MM (the leaving time), e.g. "
                           "--depart 08:00");
    std::optional<Date> date;
    if (!args.date.empty()) {
        date = parse_date(args.date);
        if (!date) throw usage_error("--date '" + args.date + "': give YYYY-MM-DD");
    }
    const io::CrsTransform to_metric = io::CrsTransform::shared("OGC:CRS84", study.metric_crs);
    const auto origin = to_metric.to_metric(at.lon_deg, at.lat_deg);
    if (!origin) throw crs_error("cannot transform --at into " + study.metric_crs);
    std::unique_ptr<network::WalkGraph> graph;
    std::unique_ptr<network::Snapper> snapper;
    if (data.network && !data.network->edges.empty()) {
        graph = std::make_unique<network::WalkGraph>(*data.network);
        snapper = std::make_unique<network::Snapper>(*graph);
    }
    const atlas::TransitNearbyFinder finder(data, taxonomy, graph.get(), snapper.get());
    atlas::TransitNearbyQuery query;
    query.at = *origin;
    query.depart_s = *depart;
    query.date = date;
    query.minutes = args.minutes > 0 ? args.minutes : 30.0;
    query.categories = args.categories;
    query.domains = args.domains;
    const auto found = finder.find(query);

    if (args.format == "table") {
        std::printf("%7s %5s %5s  %-18s %-36s %s\n", "minutes", "trips", "arrive", "category",
                    "name", "journey");
        for (const auto& n : found.assets) {
            const Asset& a = data.assets[n.asset];
            std::string journey;
            for (const auto& leg : n.legs) journey += (journey.empty() ? "" : "; ") + leg_text(finder, leg);
            std::printf("%7.1f %5d %5s  %-18s %-36s %s\n", n.minutes, n.trips,
                        format_clock(n.arrival_s - n.arrival_s % 60).c_str(), a.category.c_str(),
                        a.name.empty() ? "(no name)" : a.name.c_str(), journey.c_str());
        }
        if (!console.quiet())
            std::fprintf(stderr,
                         "%zu assets within %.0f minutes by walk + public transport leaving %s on "
                         "%s; the place walks %s; %zu stops within %.0f m\n",
                         found.assets.size(), query.minutes, format_clock(*depart).c_str(),
                         found.date.iso().c_str(),
                         found.on_network ? "on the walking network"
                                          : "by straight lines (off the walking network)",
                         found.stops_in_reach, finder.model().settings().max_walk_m);
        return exit_ok;
    }
    const bool geo = args.format == "geojson";
    std::string out = geo ? "{\"type\":\"FeatureCollection\",\"features\":[" : "[";
    for (std::size_t i = 0; i < found.assets.size(); ++i) {
        const auto& n = found.assets[i];
        const Asset& a = data.assets[n.asset];
        char nums[160];
        std::snprintf(nums, sizeof nums, "\"minutes\":%.2f,\"trips\":%d,\"transfers\":%d",
                      n.minutes, n.trips, std::max(0, n.trips - 1));
        std::string props = std::string(nums) + ",\"arrive\":" + json_string(format_clock(n.arrival_s)) +
                            ",\"date\":" + json_string(found.date.iso()) +
                            ",\"category\":" + json_string(a.category) +
                            ",\"domain\":" + json_string(a.domain) +
                            ",\"name\":" + json_string(a.name) +
                            ",\"asset_id\":" + json_string(a.id) +
                            ",\"source_ids\":" + json_string(sources_of(a)) +
                            ",\"origin_walk\":" +
                            json_string(found.on_network ? "network" : "straight_line") +
                            ",\"legs\":" + legs_json(finder, n.legs);
        if (i) out += ",";
        if (geo) {
            const auto ll = to_metric.to_source(a.location);
            char coords[96];
            std::snprintf(coords, sizeof coords, "[%.7f,%.7f]", ll ? ll->lon_deg : 0.0,
                          ll ? ll->lat_deg : 0.0);
            out += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":" +
                   std::string(coords) + "},\"properties\":{" + props + "}}";
        } else {
            out += "{" + props + "}";
        }
    }
    out += geo ? "]}\n" : "]\n";
    std::fputs(out.c_str(), stdout);
    return exit_ok;
}

int near_walk(const NearArgs& args, const Study& study, const StudyData& data,
              const Taxonomy& taxonomy, const LonLat& at, Console& console) {
    const io::CrsTransform to_metric = io::CrsTransform::shared("OGC:CRS84", study.metric_crs);
    const auto origin = to_metric.to_metric(at.lon_deg, at.lat_deg);
    if (!origin) throw crs_error("cannot transform --at into " + study.metric_crs);
    const atlas::NearbyFinder finder(data, taxonomy);
    atlas::NearbyQuery query;
    query.at = *origin;
    query.minutes = args.minutes > 0 ? args.minutes : 15.0;
    query.categories = args.categories;
    query.domains = args.domains;
    const auto found = finder.find(query);

    if (args.format == "table") {
        std::printf("%7s %7s  %-18s %-40s %s\n", "minutes", "metres", "category", "name",
                    "source");
        for (const auto& n : found) {
            const Asset& a = data.assets[n.asset];
            std::printf("%7.1f %7.0f  %-18s %-40s %s\n", n.minutes, n.walk_m, a.category.c_str(),
                        a.name.empty() ? "(no name)" : a.name.c_str(), sources_of(a).c_str());
        }
        if (!console.quiet())
            std::fprintf(stderr, "%zu assets within %.0f minutes' walk (%.1f km/h)\n",
                         found.size(), query.minutes, data.walk_speed_kmh);
        return exit_ok;
    }
    const bool geo = args.format == "geojson";
    std::string out = geo ? "{\"type\":\"FeatureCollection\",\"features\":[" : "[";
    for (std::size_t i = 0; i < found.size(); ++i) {
        const Asset& a = data.assets[found[i].asset];
        std::string props = "\"minutes\":" + json_number(found[i].minutes, 2) +
                            ",\"walk_m\":" + json_number(found[i].walk_m, 1) +
                            ",\"category\":" + json_string(a.category) +
                            ",\"domain\":" + json_string(a.domain) +
                            ",\"name\":" + json_string(a.name) +
                            ",\"asset_id\":" + json_string(a.id) +
                            ",\"source_ids\":" + json_string(sources_of(a));
        if (i) out += ",";
        if (geo) {
            const auto ll = to_metric.to_source(a.location);
            const std::string geometry =
                ll && std::isfinite(ll->lon_deg) && std::isfinite(ll->lat_deg)
                    ? "{\"type\":\"Point\",\"coordinates\":[" + json_number(ll->lon_deg, 7) +
                          "," + json_number(ll->lat_deg, 7) + "]}"
                    : "null";
            out += "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{" +
                   props + "}}";
        } else {
            out += "{" + props + "}";
        }
    }
    out += geo ? "]}\n" : "]\n";
    std::fputs(out.c_str(), stdout);
    return exit_ok;
}

}  // namespace

int near_command(const NearArgs& args, Console& console) {
    if (args.format != "table" && args.format != "json" && args.format != "geojson")
        throw usage_error("--format '" + args.format + "': use table, json or geojson");
    if (args.mode != "walk" && args.mode != "transit")
        throw usage_error("--mode '" + args.mode + "': use walk or transit");
    const bool transit = args.mode == "transit";
    if (args.minutes != 0.0 &&
        (!std::isfinite(args.minutes) || !(args.minutes > 0 && args.minutes <= max_walk_minutes)))
        throw usage_error("--minutes must be a number > 0 and at most 600");
    if (!transit && (!args.depart.empty() || !args.date.empty()))
        throw usage_error("--depart and --date are for --mode transit");
    if (transit && (args.depart.empty() || !parse_clock_s(args.depart)))
        throw usage_error("--mode transit needs --depart HH:MM (the leaving time), e.g. "
                          "--depart 08:00");
    const LonLat at = parse_at(args.at);
    const Study study = io::load_study(resolve_study_path(args.study), args.data_dir);
    if (!transit && !study.network)
        throw config_error(study.file + " has no [network] section; add one with the path of "
                                        "an OSM extract to use 'near'");
    if (transit && !study.transit)
        throw config_error(study.file + " has no [transit] section; add one with the GTFS "
                                        "feeds to use 'near --mode transit'");
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    check_filters(args, taxonomy, study.taxonomy_path);
    ingest::IngestOptions options;
    options.progress = console.progress();
    const StudyData data = ingest::ingest_study(study, taxonomy, options);
    console.finish_progress();
    return transit ? near_transit(args, study, data, taxonomy, at, console)
                   : near_walk(args, study, data, taxonomy, at, console);
}

}  // namespace assetmap::tools
