/// @file Community asset editing over HTTP: the routes (edit_service.hpp); the state behind
/// them is edit_service_impl.cpp.

#include "edit_service_impl.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/serve/url.hpp>

#include <cmath>
#include <cstdio>

namespace assetmap::serve {

using edit_detail::Clock;
using edit_detail::seconds_since;

namespace {

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Response json_response(unsigned status, const json& j) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = dump(j);
    r.set_header("Cache-Control", "no-store");
    return r;
}

/// An error naming the field at fault: {"status","error","field","message"}.
Response field_error(unsigned status, const std::string& field, const std::string& message) {
    Response r = error_response(status, message);
    json j = json::parse(r.body);
    json out;
    out["status"] = j["status"];
    out["error"] = j["error"];
    out["field"] = field;
    out["message"] = message;
    r.body = dump(out);
    return r;
}

/// Splits "/api/assets/{id}[/rest]" style paths: the segment after `prefix`.
std::string tail_after(std::string_view path, std::string_view prefix) {
    return std::string(path.substr(prefix.size()));
}

}  // namespace

EditService::~EditService() = default;

bool EditService::owns(std::string_view path) {
    return path == "/api/assets" || path.rfind("/api/assets/", 0) == 0 || path == "/api/audit" ||
           path.rfind("/api/audit/", 0) == 0 || path == "/api/whoami";
}

bool EditService::heavy(const Request& r) const {
    return r.method == Method::post || r.method == Method::patch || r.method == Method::del;
}

std::size_t EditService::edit_count() const {
    std::lock_guard<std::mutex> lk(impl_->write_mu);
    return impl_->edits.size();
}

std::string EditService::store_description() const { return impl_->store->describe(); }

std::vector<RecomputeTiming> EditService::timings() const {
    std::lock_guard<std::mutex> lk(impl_->timing_mu);
    return {impl_->timing_log.begin(), impl_->timing_log.end()};
}

namespace {

Response method_not_allowed(const char* allow) {
    Response r = error_response(405, std::string("this URL answers ") + allow);
    r.set_header("Allow", allow);
    return r;
}

bool json_content(const Request& req) {
    const std::string* ct = req.header("content-type");
    return !ct || ct->find("json") != std::string::npos;
}

bool csv_content(const Request& req) {
    const std::string* ct = req.header("content-type");
    return !ct || ct->find("csv") != std::string::npos || ct->find("text/plain") != std::string::npos;
}

}  // namespace

Response EditService::handle(const Request& req) const {
    auto& im = *impl_;
    const std::string& path = req.path;
    const bool get = req.method == Method::get || req.method == Method::head;
    const bool write = req.method == Method::post || req.method == Method::patch ||
                       req.method == Method::del;

    // Who is asking (reads use it only to show client addresses).
    auto authenticate = [&](std::string* name) -> std::optional<Response> {
        if (!im.opt.tokens)
            return error_response(403, "editing is off on this server: it was started without "
                                       "--tokens");
        const AuthResult a = im.opt.tokens->check(req.header("authorization"));
        if (a.status == AuthResult::Status::ok) {
            *name = a.name;
            return std::nullopt;
        }
        if (a.status == AuthResult::Status::wrong)
            return error_response(403, "the token is not one of this server's editors' tokens");
        Response r = error_response(401, a.status == AuthResult::Status::missing
                                             ? "editing needs a token: send Authorization: "
                                               "Bearer <token>"
                                             : "the Authorization header must be 'Bearer <token>'");
        r.set_header("WWW-Authenticate", "Bearer realm=\"assetmap\"");
        return r;
    };

    auto problem_response = [](const Impl::Problem& p) {
        Response r = field_error(p.status, p.field, p.message);
        if (!p.extra.is_null()) {
            json j = json::parse(r.body);
            for (const auto& [k, v] : p.extra.items()) j[k] = v;
            r.body = dump(j);
        }
        return r;
    };

    // A write: token, rate limit, then `plan` (under the write lock) makes the drafts, which
    // are committed and applied before the answer.
    auto write_with = [&](unsigned status,
                          const std::function<std::optional<Response>(std::vector<Impl::Draft>&)>&
                              plan) -> Response {
        std::string editor;
        if (auto r = authenticate(&editor)) return *r;
        if (const unsigned wait = im.limiter.take(editor)) {
            Response r = error_response(429, "at most " + std::to_string(im.limiter.per_minute()) +
                                                 " edits a minute per token; try again in " +
                                                 std::to_string(wait) + " s");
            r.set_header("Retry-After", std::to_string(wait));
            return r;
        }
        std::vector<edit::AssetEdit> made;
        const auto commit_start = Clock::now();
        {
            std::lock_guard<std::mutex> lk(im.write_mu);
            std::vector<Impl::Draft> drafts;
            if (auto refused = plan(drafts)) return *refused;
            try {
                made = im.commit(drafts, editor, req.remote.empty() ? "-" : req.remote);
            } catch (const error& e) {
                Response r = error_response(503, "the edit store cannot be written now; nothing "
                                                 "was changed — try again shortly");
                r.set_header(internal_note_header, e.what());
                return r;
            }
        }
        const double commit_s = seconds_since(commit_start);
        Impl::Applied applied;
        try {
            applied = im.ensure_applied(made.back().id);
        } catch (const std::exception& e) {
            Response r = error_response(500, "the edit was stored but the map could not be "
                                             "updated; the server log has the details");
            r.set_header(internal_note_header, e.what());
            return r;
        }
        json out;
        json list = json::array();
        {
            std::lock_guard<std::mutex> lk(im.write_mu);
            for (const auto& e : made) {
                json item;
                item["audit_id"] = e.id;
                item["action"] = edit::to_string(e.action);
                item["asset_id"] = e.asset_id;
                const Asset* a = im.current_asset(e.asset_id);
                item["asset"] = a ? im.asset_json(*a) : json();
                list.push_back(std::move(item));
            }
        }
        if (made.size() == 1) {
            out = list[0];
        } else {
            out["imported"] = made.size();
            out["edits"] = std::move(list);
        }
        out["version"] = im.applied.load();
        out["areas_changed"] = applied.areas_changed;
        out["categories_remeasured"] = applied.categories;
        Response r = json_response(status, out);
        // The recompute that applied the edit, in milliseconds (W3C Server-Timing).
        const auto ms = [](double s) { return std::to_string(s * 1000.0); };
        const atlas::LiveChange& st = applied.timing.stages;
        r.set_header("Server-Timing", "commit;dur=" + ms(commit_s) +
                                          ", measure;dur=" + ms(applied.timing.measure_s) +
                                          ", overlay;dur=" + ms(st.overlay_s) +
                                          ", measures;dur=" + ms(st.measures_s) +
                                          ", catchments;dur=" + ms(st.catchments_s) +
                                          ", isochrones;dur=" + ms(st.isochrones_s) +
                                          ", indicators;dur=" + ms(st.indicators_s) +
                                          ", atlas;dur=" + ms(applied.timing.atlas_s) +
                                          ", state;dur=" + ms(applied.timing.state_s) +
                                          ", recompute;dur=" + ms(applied.timing.total_s));
        if (made.size() == 1 && made.front().after)
            r.set_header("Location", "/api/assets/" + percent_encode(made.front().asset_id));
        return r;
    };

    // ---- /api/whoami
    if (path == "/api/whoami") {
        if (!get) return method_not_allowed("GET, HEAD, OPTIONS");
        std::string name;
        if (auto r = authenticate(&name)) return *r;
        json j;
        j["name"] = name;
        j["rate_limit_per_minute"] = im.limiter.per_minute();
        j["dedupe_distance_m"] = im.dedupe_m;
        j["margin_m"] = im.opt.margin_m;
        return json_response(200, j);
    }

    // ---- /api/audit and /api/audit/{id}/undo
    if (path == "/api/audit") {
        if (!get) return method_not_allowed("GET, HEAD, OPTIONS");
        std::int64_t since = 0;
        std::size_t limit = 100;
        std::string asset;
        for (const auto& [k, v] : req.query) {
            if (k == "since") {
                const auto n = parse_uint(v, std::uint64_t(1) << 53);
                if (!n) return field_error(400, "since", "since must be a whole number >= 0");
                since = static_cast<std::int64_t>(*n);
            } else if (k == "limit") {
                const auto n = parse_uint(v, 1000);
                if (!n || *n == 0) return field_error(400, "limit", "limit must be 1 to 1000");
                limit = *n;
            } else if (k == "asset") {
                asset = v;
            } else {
                return field_error(400, k, "unknown query parameter '" + k.substr(0, 40) +
                                               "'; this URL takes since, asset and limit");
            }
        }
        std::string who;
        const bool with_client = im.opt.tokens && !authenticate(&who);
        std::lock_guard<std::mutex> lk(im.write_mu);
        std::map<std::int64_t, std::int64_t> undone_by;
        std::map<std::string, std::int64_t> latest;
        im.audit_indexes(undone_by, latest);
        json entries = json::array();
        std::int64_t last_listed = since;
        bool more = false;
        for (const auto& a : im.audit) {
            if (a.id <= since || (!asset.empty() && a.asset_id != asset)) continue;
            if (entries.size() == limit) {
                more = true;
                break;
            }
            entries.push_back(im.audit_entry_json(a, with_client, undone_by, latest));
            last_listed = a.id;
        }
        json out;
        out["count"] = entries.size();
        out["last_id"] = im.audit.empty() ? 0 : im.audit.back().id;
        out["next_since"] = more ? json(last_listed) : json();
        out["entries"] = std::move(entries);
        return json_response(200, out);
    }
    if (path.rfind("/api/audit/", 0) == 0) {
        const std::string rest = tail_after(path, "/api/audit/");
        const auto slash = rest.find('/');
        if (slash == std::string::npos || rest.substr(slash) != "/undo")
            return error_response(404, "no such audit URL; see /api/audit and "
                                       "POST /api/audit/{id}/undo");
        const auto id = parse_uint(rest.substr(0, slash), std::uint64_t(1) << 53);
        if (!id) return error_response(404, "no audit entry '" + rest.substr(0, slash) + "'");
        if (req.method != Method::post) return method_not_allowed("POST, OPTIONS");
        if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
        return write_with(201, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
            const auto target = static_cast<std::int64_t>(*id);
            if (target < 1 || target > static_cast<std::int64_t>(im.edits.size()))
                return error_response(404, "no audit entry " + std::to_string(target));
            const edit::AssetEdit& e = im.edits[static_cast<std::size_t>(target - 1)];
            for (std::size_t i = static_cast<std::size_t>(target); i < im.edits.size(); ++i)
                if (im.edits[i].asset_id == e.asset_id) {
                    Impl::Problem p{409, "id",
                                    "asset " + e.asset_id + " was edited again by audit entry " +
                                        std::to_string(im.edits[i].id) +
                                        "; undo the latest change of an asset first",
                                    {}};
                    p.extra["latest"] = im.edits[i].id;
                    return problem_response(p);
                }
            Impl::Draft d;
            d.action = edit::EditAction::undo;
            d.asset_id = e.asset_id;
            d.before = e.after;
            d.after = im.state_of(e.asset_id, static_cast<std::size_t>(target - 1));
            d.undoes = target;
            drafts.push_back(std::move(d));
            return std::nullopt;
        });
    }

    // ---- /api/assets, /api/assets/import, /api/assets/{id}
    if (path == "/api/assets") {
        if (req.method != Method::post) return method_not_allowed("POST, OPTIONS");
        if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
        if (!json_content(req))
            return field_error(415, "body", "send the asset as JSON (Content-Type: "
                                            "application/json)");
        auto parsed = parse_asset_json(req.body, true);
        return write_with(201, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
            if (parsed.error) return field_error(400, parsed.error->field, parsed.error->message);
            Impl::Problem p;
            auto st = im.build_state(*parsed.input, std::nullopt, nullptr, "", {}, &p);
            if (!st) return problem_response(p);
            Impl::Draft d;
            d.action = edit::EditAction::add;
            d.after = std::move(st);
            drafts.push_back(std::move(d));
            return std::nullopt;
        });
    }
    if (path == "/api/assets/import") {
        if (req.method != Method::post) return method_not_allowed("POST, OPTIONS");
        if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
        if (!csv_content(req))
            return field_error(415, "body", "send a CSV file (Content-Type: text/csv)");
        auto parsed = parse_asset_csv(req.body);
        return write_with(201, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
            json rows = json::array();
            auto bad = [&](std::size_t line, const std::string& field, const std::string& msg,
                           const json& extra) {
                json r;
                r["line"] = line;
                r["field"] = field;
                r["message"] = msg;
                for (const auto& [k, v] : extra.items()) r[k] = v;
                rows.push_back(std::move(r));
            };
            for (const auto& e : parsed.errors) bad(e.line, e.error.field, e.error.message, json::object());
            std::vector<Asset> accepted;  // earlier rows of this file, for duplicates
            // Rows that parsed are checked against the study too, so one answer lists every
            // bad row (by line).
            for (const auto& row : parsed.rows) {
                    Impl::Problem p;
                    auto st = im.build_state(row.input, std::nullopt, nullptr, "", accepted, &p);
                    if (!st) {
                        bad(row.line, p.field, p.message, p.extra.is_null() ? json::object() : p.extra);
                        continue;
                    }
                    Asset a;
                    a.id = "line " + std::to_string(row.line);
                    a.name = st->name;
                    a.category = st->category;
                    a.location = st->location;
                    accepted.push_back(std::move(a));
                    Impl::Draft d;
                    d.action = edit::EditAction::add;
                    d.after = std::move(st);
                    drafts.push_back(std::move(d));
                }
            if (rows.empty()) return std::nullopt;
            std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
                return a["line"].get<std::size_t>() < b["line"].get<std::size_t>();
            });
            json out;
            out["status"] = 400;
            out["error"] = "bad_request";
            out["field"] = "body";
            out["message"] = std::to_string(rows.size()) + " row" + (rows.size() == 1 ? "" : "s") +
                             " of the file cannot be imported; nothing was imported (fix them "
                             "and send the whole file again)";
            out["rows"] = std::move(rows);
            return json_response(400, out);
        });
    }
    if (path.rfind("/api/assets/", 0) == 0) {
        const std::string id = tail_after(path, "/api/assets/");
        if (id.empty() || id.find('/') != std::string::npos)
            return error_response(404, "no such asset URL; see /api/assets/{asset_id}");
        if (get) {
            if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
            std::lock_guard<std::mutex> lk(im.write_mu);
            std::map<std::int64_t, std::int64_t> undone_by;
            std::map<std::string, std::int64_t> latest;
            im.audit_indexes(undone_by, latest);
            json history = json::array();
            std::string who;
            const bool with_client = im.opt.tokens && !authenticate(&who);
            for (const auto& a : im.audit)
                if (a.asset_id == id)
                    history.push_back(im.audit_entry_json(a, with_client, undone_by, latest));
            const Asset* a = im.current_asset(id);
            if (!a && history.empty())
                return error_response(404, "no asset '" + id.substr(0, 100) + "'");
            json out;
            out["asset_id"] = id;
            out["retired"] = a == nullptr;
            out["asset"] = a ? im.asset_json(*a) : json();
            out["note"] = "";
            if (a)
                if (const auto st = im.state_of(id, im.edits.size())) out["note"] = st->note;
            out["history"] = std::move(history);
            return json_response(200, out);
        }
        if (req.method == Method::patch) {
            if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
            if (!json_content(req))
                return field_error(415, "body", "send the changes as JSON (Content-Type: "
                                                "application/json)");
            auto parsed = parse_asset_json(req.body, false);
            return write_with(200, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
                if (parsed.error) return field_error(400, parsed.error->field, parsed.error->message);
                const Asset* existing = im.current_asset(id);
                if (!existing) return error_response(404, "no asset '" + id.substr(0, 100) + "' (or it is retired)");
                const auto before = im.state_of(id, im.edits.size());
                Impl::Problem p;
                auto st = im.build_state(*parsed.input, before, existing, id, {}, &p);
                if (!st) return problem_response(p);
                if (before && *st == *before)
                    return field_error(400, "body", "the asset already has these values; "
                                                    "nothing to change");
                Impl::Draft d;
                d.action = edit::EditAction::correct;
                d.asset_id = id;
                d.before = before;
                d.after = std::move(st);
                drafts.push_back(std::move(d));
                return std::nullopt;
            });
        }
        if (req.method == Method::del) {
            if (!req.query.empty()) return field_error(400, req.query.front().first, "this URL takes no query parameters");
            return write_with(200, [&](std::vector<Impl::Draft>& drafts) -> std::optional<Response> {
                if (!im.current_asset(id))
                    return error_response(404, "no asset '" + id.substr(0, 100) + "' (or it is already retired)");
                Impl::Draft d;
                d.action = edit::EditAction::retire;
                d.asset_id = id;
                d.before = im.state_of(id, im.edits.size());
                drafts.push_back(std::move(d));
                return std::nullopt;
            });
        }
        return method_not_allowed("GET, HEAD, PATCH, DELETE, OPTIONS");
    }
    (void)write;
    return error_response(404, "no such editing URL");
}

}  // namespace assetmap::serve
