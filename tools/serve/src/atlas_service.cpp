#include <assetmap/serve/atlas_service.hpp>

#include <assetmap/serve/compression.hpp>
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/etag.hpp>
#include <assetmap/serve/url.hpp>

#include "catalogue.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace assetmap::serve {

using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t gzip_min_bytes = 1024;

bool compressible(const std::string& type) {
    return type.find("json") != std::string::npos || type.rfind("text/", 0) == 0 ||
           type.find("javascript") != std::string::npos || type.find("svg") != std::string::npos;
}

std::string max_age(unsigned seconds) { return "public, max-age=" + std::to_string(seconds); }

/// 400 when the request has any query parameter (for URLs that take none).
std::optional<Response> no_parameters(const Request& req) {
    if (req.query.empty()) return std::nullopt;
    return error_response(400, "unknown query parameter '" + req.query.front().first +
                                   "'; this URL takes none");
}

Response json_body(std::string body) {
    Response r;
    r.content_type = "application/json";
    r.body = std::move(body);
    return r;
}

}  // namespace

bool valid_host(std::string_view host) {
    if (host.empty() || host.size() > 255) return false;
    std::string_view name = host;
    std::string_view port;
    if (host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        for (char c : host.substr(1, close - 1))
            if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'))
                return false;
        const auto rest = host.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return false;
        port = rest.empty() ? rest : rest.substr(1);
        if (!rest.empty() && port.empty()) return false;
    } else {
        const auto colon = host.find(':');
        if (colon != std::string_view::npos) {
            name = host.substr(0, colon);
            port = host.substr(colon + 1);
            if (port.empty()) return false;
        }
        if (name.empty()) return false;
        for (char c : name)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
                return false;
    }
    if (!port.empty() && !parse_uint(port, 65535)) return false;
    return true;
}

AtlasService::AtlasService(std::shared_ptr<const ServeState> state, ServiceOptions options)
    : state_(std::move(state)), options_(std::move(options)),
      started_(std::chrono::steady_clock::now()) {
    while (!options_.public_url.empty() && options_.public_url.back() == '/')
        options_.public_url.pop_back();
    common_headers_ =
        "Access-Control-Allow-Origin: *\r\n"
        "Access-Control-Expose-Headers: ETag, Content-Encoding, Content-Crs, Location, Retry-After\r\n"
        "X-Content-Type-Options: nosniff\r\n";
    tile_cache_control_ = max_age(options_.tile_max_age_s);
    json_cache_control_ = max_age(options_.json_max_age_s);
}

std::shared_ptr<const ServeState> AtlasService::state() const { return std::atomic_load(&state_); }

void AtlasService::swap_state(std::shared_ptr<const ServeState> state) {
    std::atomic_store(&state_, std::move(state));
}

void AtlasService::set_edit_handler(const Handler* handler, bool (*owns)(std::string_view)) {
    edits_ = handler;
    edit_owns_ = owns;
}

bool AtlasService::heavy(const Request& req) const {
    const std::string& p = req.path;
    if (!state()) return false;
    if (edits_ && edit_owns_(p)) return edits_->heavy(req);
    if (p == "/api/near") return true;
    if (p.rfind("/ogcapi/", 0) == 0) return OgcFeatures::heavy(p);
    if (p.rfind("/tiles/", 0) == 0) {
        // Raster tiles are rendered; vector tiles are encoded where edits made them stale.
        const bool tile_ext = (p.size() >= 4 && (p.compare(p.size() - 4, 4, ".png") == 0 ||
                                                 p.compare(p.size() - 4, 4, ".mvt") == 0 ||
                                                 p.compare(p.size() - 4, 4, ".pbf") == 0));
        if (!tile_ext) return false;
        const auto parsed = parse_tile_path(std::string_view(p).substr(7));
        if (!parsed.request) return false;
        const auto s = state();
        return s && s->tiles->needs_render(*parsed.request);
    }
    return false;
}

Response AtlasService::health(const ServeState& s) const {
    json j;
    j["status"] = "ok";
    j["study"] = s.atlas->study_name();
    j["areas"] = s.atlas->areas().rows.size();
    j["assets"] = s.atlas->assets().rows.size();
    j["tilesets"] = s.tiles->tilesets().size();
    j["near"] = static_cast<bool>(s.near);
    j["web_bundle"] = s.web->has_bundle();
    j["raster_cache_bytes"] = s.tiles->cache_bytes();
    j["raster_cache_tiles"] = s.tiles->cache_entries();
    j["uptime_s"] = std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                             started_)
                                   .count());
    Response r = json_body(j.dump() + "\n");
    r.set_header("Cache-Control", "no-store");
    return r;
}

Response AtlasService::tiles(const std::string& rest, const Request& req, const ServeState& s,
                             const std::string& base_url) const {
    const TileService& ts = *s.tiles;
    if (rest.empty()) {
        if (auto e = no_parameters(req)) return *e;
        json list = json::array();
        for (const auto& t : ts.tilesets()) {
            const char* ext = t.metadata.format == tiles::TileFormat::png ? "png" : "mvt";
            json j;
            j["name"] = t.name;
            j["description"] = t.metadata.description;
            j["format"] = t.metadata.format == tiles::TileFormat::png ? "png" : "mvt";
            j["tilejson"] = base_url + "/tiles/" + t.name + ".json";
            j["tiles"] = json::array({base_url + "/tiles/" + t.name + "/{z}/{x}/{y}." + ext});
            j["minzoom"] = t.metadata.min_zoom;
            j["maxzoom"] = t.metadata.max_zoom;
            if (t.metadata.bounds)
                j["bounds"] = {t.metadata.bounds->min_lon_deg, t.metadata.bounds->min_lat_deg,
                               t.metadata.bounds->max_lon_deg, t.metadata.bounds->max_lat_deg};
            j["archive"] = t.archive.empty() ? json() : json(t.archive);
            if (!t.archive.empty()) {
                j["archive_minzoom"] = t.archive_min_zoom;
                j["archive_maxzoom"] = t.archive_max_zoom;
                j["archive_tiles"] = t.archive_tiles;
            }
            j["rendered_on_demand"] = t.rendered;
            j["indicator"] = t.indicator.empty() ? json() : json(t.indicator);
            list.push_back(std::move(j));
        }
        json out;
        out["tilesets"] = std::move(list);
        Response r = json_body(out.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
        r.set_header("Cache-Control", json_cache_control_);
        return r;
    }
    if (rest.find('/') == std::string::npos && rest.size() > 5 &&
        rest.compare(rest.size() - 5, 5, ".json") == 0) {
        if (auto e = no_parameters(req)) return *e;
        const std::string name = rest.substr(0, rest.size() - 5);
        auto doc = is_safe_name(name) ? ts.tilejson(name, base_url) : std::nullopt;
        if (!doc) return error_response(404, "no tileset '" + name + "'; /tiles lists them");
        Response r = json_body(std::move(*doc));
        r.set_header("Cache-Control", json_cache_control_);
        return r;
    }
    const auto parsed = parse_tile_path(rest);
    if (!parsed.request) return error_response(parsed.status, parsed.message);
    std::string note;
    TileAnswer a = ts.tile(*parsed.request, &note);
    if (a.status >= 400) {
        Response r = error_response(a.status, a.message);
        if (!note.empty()) r.set_header(internal_note_header, note);  // to the log only
        return r;
    }
    Response r;
    r.status = a.status;
    r.headers.reserve(4);
    r.add_header("Cache-Control", tile_cache_control_);
    if (a.status == 204) return r;
    if (a.format == tiles::TileFormat::png) {
        r.content_type = "image/png";
    } else {
        r.content_type = "application/vnd.mapbox-vector-tile";
        r.add_header("Vary", "Accept-Encoding");
    }
    if (a.gzip) {
        const std::string* ae = req.header("accept-encoding");
        if (ae && accepts_gzip(*ae)) {
            r.add_header("Content-Encoding", "gzip");
        } else {
            auto plain = gzip_decompress(*a.bytes);
            if (!plain) return error_response(500, "a stored tile is not valid gzip");
            r.add_header("ETag", strong_etag(*plain));
            r.body = std::move(*plain);
            return r;
        }
    }
    r.add_header("ETag", std::move(a.etag));
    r.shared_body = std::move(a.bytes);
    return r;
}

Response AtlasService::route(const Request& req, const ServeState& s,
                             const std::string& base_url) const {
    const std::string& p = req.path;
    if (p == "/healthz") {
        if (auto e = no_parameters(req)) return *e;
        return health(s);
    }
    if (p == "/tiles" || p == "/tiles/") return tiles("", req, s, base_url);
    if (p.rfind("/tiles/", 0) == 0) return tiles(p.substr(7), req, s, base_url);
    if (p == "/ogcapi" || p.rfind("/ogcapi/", 0) == 0) {
        Response r = s.ogc->handle(p.substr(7), req, base_url);
        if (r.status == 200) r.set_header("Cache-Control", json_cache_control_);
        return r;
    }
    if (p.rfind("/api/", 0) == 0) {
        Response r;
        if (p == "/api/atlas") {
            if (auto e = no_parameters(req)) return *e;
            r = prepared_response(s.atlas_json, req);
        } else if (p == "/api/areas") {
            if (auto e = no_parameters(req)) return *e;
            r = prepared_response(s.areas->areas_json(), req);
        } else if (p.rfind("/api/areas/", 0) == 0 && p.size() > 11 &&
                   p.find('/', 11) == std::string::npos) {
            std::string lang = "en";
            for (const auto& [name, value] : req.query) {
                if (name != "lang")
                    return error_response(400, "unknown query parameter '" + name +
                                                   "'; this URL takes lang (en or cy)");
                const auto& langs = i18n::languages();
                if (std::find(langs.begin(), langs.end(), value) == langs.end())
                    return error_response(400, "lang must be en or cy");
                lang = value;
            }
            r = s.areas->area(p.substr(11), lang, req);
        } else if (p == "/api/near") {
            if (!s.near)
                return error_response(503, "/api/near is unavailable: " + s.near_unavailable);
            r = s.near->handle(req);
        } else {
            return error_response(404, "no such API resource; see /api/atlas, /api/areas, "
                                       "/api/areas/{code}, /api/near");
        }
        if (r.status == 200) r.set_header("Cache-Control", json_cache_control_);
        return r;
    }
    if (const StaticFile* f = s.web->find(p)) {
        Response r;
        r.content_type = f->content_type;
        r.set_header("Cache-Control", "no-cache");
        const std::string* ae = req.header("accept-encoding");
        if (f->gzip && ae && accepts_gzip(*ae)) {
            r.shared_body = f->gzip;
            r.set_header("Content-Encoding", "gzip");
            r.set_header("ETag", f->gzip_etag);
        } else {
            r.shared_body = f->bytes;
            r.set_header("ETag", f->etag);
        }
        if (f->gzip) r.set_header("Vary", "Accept-Encoding");
        return r;
    }
    return error_response(404, "no such resource; see / for the services");
}

Response AtlasService::handle(const Request& req) const {
    const auto s = state();
    if (!s) return error_response(503, "the atlas is still loading; try again shortly");
    std::string base = options_.public_url;
    const std::string* host = req.header("host");
    if (host && !valid_host(*host)) return error_response(400, "malformed Host header");
    if (base.empty()) base = "http://" + (host ? *host : std::string("localhost"));

    Response res;
    const bool edit_path = edits_ && edit_owns_(req.path);
    if (edit_path && req.method == Method::options) {
        // The editing URLs take writes with a token (README, "Asset editing").
        res.status = 204;
        res.set_header("Allow", "GET, HEAD, POST, PATCH, DELETE, OPTIONS");
        res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PATCH, DELETE, OPTIONS");
        res.set_header("Access-Control-Allow-Headers",
                       "Accept, Accept-Encoding, Authorization, Content-Type, If-None-Match");
        res.set_header("Access-Control-Max-Age", "86400");
    } else if (edit_path) {
        res = edits_->handle(req);
    } else if (req.method == Method::options) {
        res.status = 204;
        res.set_header("Allow", "GET, HEAD, OPTIONS");
        res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        res.set_header("Access-Control-Allow-Headers",
                       "Accept, Accept-Encoding, Content-Type, If-None-Match, Range");
        res.set_header("Access-Control-Max-Age", "86400");
    } else if (req.method != Method::get && req.method != Method::head) {
        res = error_response(405, "method " + req.method_text +
                                      " is not allowed; this server answers GET, HEAD and OPTIONS");
        res.set_header("Allow", "GET, HEAD, OPTIONS");
    } else {
        res = route(req, *s, base);
    }

    if (res.status != 200) return res;

    // gzip for text bodies the client accepts; ETag per representation.
    if (!res.header("Content-Encoding") && compressible(res.content_type) &&
        res.payload().size() >= gzip_min_bytes) {
        res.set_header("Vary", "Accept-Encoding");
        const std::string* ae = req.header("accept-encoding");
        if (!res.header("ETag")) res.set_header("ETag", strong_etag(res.payload()));
        if (ae && accepts_gzip(*ae)) {
            std::string etag = *res.header("ETag");
            etag.insert(etag.size() - 1, "-gz");
            res.body = gzip_compress(res.payload(), 5);
            res.shared_body.reset();
            res.set_header("Content-Encoding", "gzip");
            res.set_header("ETag", etag);
        }
    } else if (!res.header("ETag")) {
        res.set_header("ETag", strong_etag(res.payload()));
    }
    const std::string* inm = req.header("if-none-match");
    if (inm && if_none_match(*inm, *res.header("ETag"))) {
        Response nm;
        nm.status = 304;
        for (const auto& [k, v] : res.headers)
            if (k != "Content-Encoding" && k != "Content-Crs") nm.headers.emplace_back(k, v);
        return nm;
    }
    return res;
}

}  // namespace assetmap::serve
