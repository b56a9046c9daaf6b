#pragma once
/// @file The URL space of `assetmap serve` (README, "assetmap serve"): routing, methods,
/// conditional requests (ETag / If-None-Match → 304), CORS, caching headers and gzip, over a
/// ServeState that can be swapped atomically while requests are answered.

#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/serve_state.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace assetmap::serve {

/// Response headers the service sets.
struct ServiceOptions {
    /// Absolute URL prefix for links and TileJSON ("https://maps.example.org"); empty = from
    /// the request's Host header ("http://<Host>").
    std::string public_url;
    unsigned tile_max_age_s = 3600;  ///< Cache-Control max-age of tiles
    unsigned json_max_age_s = 60;    ///< Cache-Control max-age of TileJSON and the JSON API
};

/// The request handler of the server. Thread-safe.
class AtlasService final : public Handler {
public:
    /// `state` may be null until the first swap_state (requests then get 503).
    AtlasService(std::shared_ptr<const ServeState> state, ServiceOptions options);

    Response handle(const Request& request) const override;
    bool heavy(const Request& request) const override;
    /// CORS (`Access-Control-Allow-Origin: *`, exposed headers) and `nosniff`, on every
    /// response.
    const std::string& common_headers() const override { return common_headers_; }

    /// The current state (a snapshot that stays valid while held).
    std::shared_ptr<const ServeState> state() const;
    /// Replaces the state atomically: requests already running finish on the old one.
    void swap_state(std::shared_ptr<const ServeState> state);

    /// Hands the paths `owns` accepts (every method) to `handler` — the asset editing URLs
    /// (EditService). Set before the server starts; the handler must outlive this.
    /// Cache-Control of TileJSON, OGC API and the JSON API from now on (before serving): a
    /// server that takes edits answers "no-cache", as its answers change with every edit.
    void set_json_cache_control(std::string value) { json_cache_control_ = std::move(value); }
    void set_edit_handler(const Handler* handler, bool (*owns)(std::string_view path));

private:
    Response route(const Request& request, const ServeState& state,
                   const std::string& base_url) const;
    Response tiles(const std::string& rest, const Request& request, const ServeState& state,
                   const std::string& base_url) const;
    Response health(const ServeState& state) const;

    std::shared_ptr<const ServeState> state_;  ///< read and written with std::atomic_load/store
    const Handler* edits_ = nullptr;
    bool (*edit_owns_)(std::string_view) = nullptr;
    ServiceOptions options_;
    std::chrono::steady_clock::time_point started_;
    std::string common_headers_;
    std::string tile_cache_control_, json_cache_control_;
};

/// True for a Host header value this server accepts: a DNS name or IPv4 address, or an
/// IPv6 address in brackets, with an optional port.
bool valid_host(std::string_view host);

}  // namespace assetmap::serve
