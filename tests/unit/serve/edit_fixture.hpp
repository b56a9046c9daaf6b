#pragma once
// A running server that takes edits, for the editing tests: `assetmap run` on the tiny study
// with its walking network into a fresh atlas folder, load_state, AtlasService, EditService
// (SQLite store in the folder, two editors) and HttpServer on a free loopback port; plus a
// plain HTTP client that sends bodies. One per test case that needs a clean store.
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/serve/atlas_service.hpp>
#include <assetmap/serve/edit_service.hpp>
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/serve_state.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>

#include "../../support/paths.hpp"
#include "cli.hpp"
#include "http_client.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace assetmap::test {

inline const char* alice_token = "alice-token-0123456789abcdef";
inline const char* bob_token = "bob-token-0123456789abcdef";

/// One request with a body on a fresh connection.
inline HttpReply http_send(unsigned short port, const std::string& method,
                           const std::string& target, const std::string& body = "",
                           const std::string& token = "",
                           const std::string& content_type = "application/json") {
    RawClient c(port);
    std::string head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
    if (!body.empty() || method == "POST" || method == "PATCH")
        head += "Content-Type: " + content_type + "\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n";
    c.send(head + "\r\n" + body);
    return c.read_reply(method == "HEAD", 60000);
}

/// The tiny study's atlas, built once per process and copied for each server.
inline const std::filesystem::path& tiny_atlas_master() {
    static const std::filesystem::path dir = [] {
        unsetenv("ASSETMAP_DATA_DIR");
        auto d = temp_dir("edit_master") / "tiny_net";
        std::filesystem::create_directories(d);
        std::vector<std::string> args = {"assetmap", "-q", "run", fixture("tiny/study_net.toml"),
                                         "-o", d.string(), "--threads", "1"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        if (tools::run_cli(int(argv.size()), argv.data()) != 0)
            throw std::runtime_error("assetmap run on the tiny study failed");
        return d;
    }();
    return dir;
}

struct EditServer {
    std::filesystem::path dir;  ///< the atlas folder (with edits.sqlite)
    std::unique_ptr<serve::AtlasService> service;
    std::unique_ptr<serve::EditService> edits;
    std::unique_ptr<serve::HttpServer> server;
    unsigned short port = 0;

    /// `name` makes the folder; `fresh` copies the master atlas (else reuses `name`'s folder
    /// and store: a restart).
    explicit EditServer(const std::string& name, bool fresh = true, unsigned rate = 0,
                        std::string store = "") {
        static std::once_flag mapnik;
        std::call_once(mapnik, [] {
            tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR,
                                                     ASSETMAP_MAPNIK_PLUGINS_DIR);
        });
        const auto& master = tiny_atlas_master();
        // A sibling of the master's folder: the same depth, so the study path the atlas
        // records (relative to its folder) still leads to the fixture.
        dir = master.parent_path().parent_path() /
              ("assetmap_test_edit_" + name + "_" + std::to_string(::getpid())) / "tiny_net";
        if (fresh) {
            std::filesystem::remove_all(dir.parent_path());
            std::filesystem::create_directories(dir.parent_path());
            std::filesystem::copy(master, dir, std::filesystem::copy_options::recursive);
        }
        serve::ServeConfig config;
        config.atlas_gpkg = dir / "tiny_net.gpkg";
        config.tiles.styles_dir = ASSETMAP_STYLES_DIR;
        config.data_dir = "";
        service = std::make_unique<serve::AtlasService>(nullptr, serve::ServiceOptions{});
        service->swap_state(serve::load_state(config, {}));
        serve::EditOptions eo;
        eo.store = store.empty() ? (dir / "edits.sqlite").string() : store;
        eo.tokens = serve::TokenTable::from_pairs({{"alice", alice_token}, {"bob", bob_token}});
        eo.rate_per_minute = rate;
        eo.study_file = fixture("tiny/study_net.toml");
        eo.threads = 1;
        edits = std::make_unique<serve::EditService>(*service, eo, nullptr);
        service->set_edit_handler(edits.get(), &serve::EditService::owns);
        serve::ServerOptions options;
        options.port = 0;
        options.threads = 2;
        options.workers = 2;
        server = std::make_unique<serve::HttpServer>(*service, options);
        server->start();
        port = server->port();
    }
    ~EditServer() {
        server->stop();
        server->wait();
    }

    HttpReply get(const std::string& target, const std::string& token = "") const {
        return http_send(port, "GET", target, "", token);
    }
    HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& token = alice_token,
                   const std::string& type = "application/json") const {
        return http_send(port, method, target, body, token, type);
    }
};

/// lon/lat (CRS84) of a point of the tiny study (EPSG:27700 metres).
inline LonLat tiny_lonlat(double x, double y) {
    static std::mutex mu;
    static io::CrsTransform t("OGC:CRS84", "EPSG:27700");
    std::lock_guard<std::mutex> lk(mu);
    return *t.to_source({x, y});
}

inline std::string asset_body(const std::string& category, const std::string& name, double x,
                              double y, const std::string& extra = "") {
    const LonLat ll = tiny_lonlat(x, y);
    nlohmann::json j;
    j["lon"] = ll.lon_deg;
    j["lat"] = ll.lat_deg;
    j["category"] = category;
    j["name"] = name;
    std::string s = j.dump();
    if (!extra.empty()) s.insert(s.size() - 1, "," + extra);
    return s;
}

}  // namespace assetmap::test
