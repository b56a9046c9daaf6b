#include "near_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"
#include "ingest_command.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/nearby.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
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

}  // namespace

int near_command(const NearArgs& args, Console& console) {
    if (args.format != "table" && args.format != "json" && args.format != "geojson")
        throw usage_error("--format '" + args.format + "': use table, json or geojson");
    if (!std::isfinite(args.minutes) || !(args.minutes > 0 && args.minutes <= max_walk_minutes))
        throw usage_error("--minutes must be a number > 0 and at most 600");
    const LonLat at = parse_at(args.at);
    const Study study = io::load_study(resolve_study_path(args.study), args.data_dir);
    if (!study.network)
        throw config_error(study.file + " has no [network] section; add one with the path of "
                                        "an OSM extract to use 'near'");
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    check_filters(args, taxonomy, study.taxonomy_path);
    ingest::IngestOptions options;
    options.progress = console.progress();
    const StudyData data = ingest::ingest_study(study, taxonomy, options);
    console.finish_progress();

    const io::CrsTransform to_metric("OGC:CRS84", study.metric_crs);
    const auto origin = to_metric.to_metric(at.lon_deg, at.lat_deg);
    if (!origin) throw crs_error("cannot transform --at into " + study.metric_crs);
    const atlas::NearbyFinder finder(data, taxonomy);
    atlas::NearbyQuery query;
    query.at = *origin;
    query.minutes = args.minutes;
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
                         found.size(), args.minutes, data.walk_speed_kmh);
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

}  // namespace assetmap::tools
