#pragma once
/// @file `assetmap serve`: the atlas over HTTP (README, "assetmap serve").

#include <cstdint>
#include <string>

namespace assetmap::tools {

class Console;

/// Arguments of `assetmap serve`.
struct ServeArgs {
    std::string source;        ///< study (file, folder, name), atlas folder or atlas .gpkg
    std::string bind = "127.0.0.1";
    unsigned port = 8080;      ///< 0 = any free port
    unsigned threads = 0;      ///< io threads; 0 = the hardware threads
    unsigned workers = 0;      ///< worker threads for heavy requests; 0 = the hardware threads
    std::string output;        ///< with a study: the atlas folder (default out/<study>)
    std::string data_dir;      ///< overrides the study's data directory
    std::string web_dir;       ///< the web bundle folder (default: the build tree's)
    std::string styles_dir;    ///< raster styles (default: the source tree's styles/)
    std::string public_url;    ///< absolute URL prefix for links (behind a proxy)
    std::string port_file;     ///< write the port listened on here once listening
    unsigned render_max_zoom = 18;
    unsigned raster_cache_mb = 64;
    unsigned preload_mb = 1024;
    unsigned tile_max_age = 3600;
    bool no_near = false;
    bool no_build = false;     ///< with a study: never run it, even when stale
    std::string tokens;        ///< editors' tokens file: turns on asset editing
    std::string db;            ///< the edit store (default <atlas folder>/edits.sqlite)
    unsigned edit_rate = 60;   ///< edits per minute per token; 0 = no limit
    double edit_margin_m = 0;  ///< metres outside the study areas accepted for edits
};

/// Where the atlas of a serve argument is, and whether it must be built first.
struct AtlasLocation {
    std::string atlas_gpkg;  ///< the GeoPackage to serve
    std::string study_file;  ///< the study when one was given; "" for an atlas folder
    bool stale = false;      ///< missing or older than one of the study's inputs
    std::string why;         ///< what made it stale (for the console)
};

/// Resolves the argument: an atlas .gpkg, an atlas folder (its `<folder>.gpkg`, else its
/// only .gpkg), or a study (file, folder with study.toml, or name) whose atlas is
/// `<output or out/<study>>/<study>.gpkg`. Throws input_error when a folder holds no atlas.
AtlasLocation locate_atlas(const ServeArgs& args);

/// Runs the server until SIGINT/SIGTERM; returns an exit code.
int serve_command(const ServeArgs& args, Console& console);

}  // namespace assetmap::tools
