#pragma once
// One running server for the service tests: `assetmap run` on the tiny study with its
// hand-made walking network (datasets/fixtures/tiny/study_net.toml) into a temporary atlas
// folder, plus a hand-made MBTiles archive with a hole (for 204) and a small web bundle; then
// load_state, AtlasService and HttpServer on a free loopback port. Built once per process.
#include <assetmap/serve/atlas_service.hpp>
#include <assetmap/serve/http_server.hpp>
#include <assetmap/serve/serve_state.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/tile_store.hpp>

#include "../../support/paths.hpp"
#include "cli.hpp"
#include "http_client.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace assetmap::test {

struct ServeFixture {
    std::filesystem::path dir;     ///< the atlas folder
    std::filesystem::path web;     ///< the web bundle folder
    std::shared_ptr<const serve::ServeState> state;
    std::unique_ptr<serve::AtlasService> service;
    std::unique_ptr<serve::HttpServer> server;
    unsigned short port = 0;

    /// The hand-made archive: z10 tiles over 2×2 bounds, only (10, 503, 340) stored.
    static constexpr const char* holes_name = "holes";

    ServeFixture() {
        unsetenv("ASSETMAP_DATA_DIR");
        dir = temp_dir("serve_atlas") / "tiny_net";
        std::filesystem::create_directories(dir);
        const std::string study = fixture("tiny/study_net.toml");
        const std::string out = dir.string();
        std::vector<std::string> args = {"assetmap", "-q", "run", study, "-o", out, "--threads", "1"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        if (tools::run_cli(int(argv.size()), argv.data()) != 0)
            throw std::runtime_error("assetmap run on the tiny study failed");

        // An archive with bounds over four z10 tiles and one tile stored.
        {
            auto w = tiles::open_tile_writer(dir / "holes.mbtiles", tiles::TileFormat::png);
            w->put({10, 503, 340}, std::string("\x89PNG\r\n\x1a\nfake", 12));
            tiles::TilesetMetadata m;
            m.name = holes_name;
            m.format = tiles::TileFormat::png;
            m.min_zoom = 10;
            m.max_zoom = 10;
            const auto nw = tiles::tile_bounds_lonlat({10, 503, 340});
            const auto se = tiles::tile_bounds_lonlat({10, 504, 341});
            // Slightly inside the outer edges so the neighbours beyond are outside.
            m.bounds = BoxLonLat{nw.min_lon_deg + 1e-6, se.min_lat_deg + 1e-6,
                                 se.max_lon_deg - 1e-6, nw.max_lat_deg - 1e-6};
            w->finish(m);
        }

        web = dir.parent_path() / "web";
        std::filesystem::create_directories(web / "assets");
        std::ofstream(web / "index.html") << "<!doctype html><title>map</title>"
                                          << std::string(2000, ' ') << "<p>page</p>\n";
        std::ofstream(web / "assets" / "app.js") << "console.log('app');\n";
        std::ofstream(web / ".secret") << "hidden\n";

        tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR,
                                                 ASSETMAP_MAPNIK_PLUGINS_DIR);
        serve::ServeConfig config;
        config.atlas_gpkg = dir / "tiny_net.gpkg";
        config.web_dir = web;
        config.tiles.styles_dir = ASSETMAP_STYLES_DIR;
        config.tiles.render_max_zoom = 18;
        state = serve::load_state(config, {});
        service = std::make_unique<serve::AtlasService>(state, serve::ServiceOptions{});
        serve::ServerOptions options;
        options.port = 0;
        options.threads = 2;
        options.workers = 2;
        server = std::make_unique<serve::HttpServer>(*service, options);
        server->start();
        port = server->port();
    }

    HttpReply get(const std::string& target, const std::string& extra = "",
                  const std::string& method = "GET") const {
        return http_get(port, target, extra, method);
    }
};

inline ServeFixture& serve_fixture() {
    static ServeFixture f;
    return f;
}

}  // namespace assetmap::test
