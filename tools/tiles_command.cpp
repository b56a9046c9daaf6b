#include "tiles_command.hpp"

#include "atlas_source.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "usage_error.hpp"

#include <assetmap/atlas/column_info.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/tiles/choropleth.hpp>
#include <assetmap/tiles/legend.hpp>
#include <assetmap/tiles/maplibre_style.hpp>
#include <assetmap/tiles/mapnik_setup.hpp>
#include <assetmap/tiles/raster_style.hpp>
#include <assetmap/tiles/tile_renderer.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <assetmap/tiles/tilejson.hpp>
#include <assetmap/tiles/vector_tiler.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace assetmap::tools {

namespace {

std::pair<std::uint8_t, std::uint8_t> zoom_range(const std::string& text) {
    const auto z = tiles::parse_zoom_range(text);
    if (!z)
        throw usage_error("--zoom '" + text + "': give MIN-MAX with 0 <= MIN <= MAX <= 24, e.g. 8-16");
    return *z;
}

/// Refuses a zoom range that would write too many tiles, before any work.
void check_tile_count(const BoxLonLat& box, std::uint8_t min_z, std::uint8_t max_z,
                      std::uint64_t max_tiles) {
    const std::uint64_t n = tiles::tile_count(box, min_z, max_z);
    if (n <= max_tiles) return;
    std::uint8_t ok = min_z;
    while (ok < max_z && tiles::tile_count(box, min_z, std::uint8_t(ok + 1)) <= max_tiles)
        ++ok;
    char msg[256];
    std::snprintf(msg, sizeof msg,
                  "zooms %u-%u over the atlas would write up to %llu tiles (limit %llu); narrow "
                  "the range, e.g. --zoom %u-%u, or the area with --bbox, or raise --max-tiles",
                  min_z, max_z, static_cast<unsigned long long>(n),
                  static_cast<unsigned long long>(max_tiles), min_z, ok);
    throw usage_error(msg);
}

/// The lon/lat box to tile: --bbox clipped to the atlas, or the atlas's bounds. A box that
/// misses the atlas is refused before any work.
BoxLonLat tile_box(const TilesArgs& args, const AtlasSource& atlas) {
    if (args.bbox.empty()) return atlas.bounds;
    double v[4];
    std::size_t start = 0;
    int count = 0;
    for (; count < 4 && start <= args.bbox.size(); ++count) {
        const auto comma = args.bbox.find(',', start);
        const auto value = parse_finite(args.bbox.substr(start, comma - start));
        if (!value) break;
        v[count] = *value;
        start = comma == std::string::npos ? args.bbox.size() + 1 : comma + 1;
    }
    const std::string bbox = "--bbox '" + args.bbox + "': ";
    if (count != 4 || start <= args.bbox.size())
        throw usage_error(bbox + "give four numbers W,S,E,N in degrees, e.g. "
                                 "-3.05,51.55,-2.95,51.62");
    if (v[0] < -180 || v[2] > 180 || v[0] > 180 || v[2] < -180 || v[1] < -90 || v[3] > 90 ||
        v[1] > 90 || v[3] < -90)
        throw usage_error(bbox + "longitudes W and E must lie in -180..180 and latitudes S and "
                                 "N in -90..90 (degrees)");
    if (!(v[0] < v[2]) || !(v[1] < v[3]))
        throw usage_error(bbox + "W must be less than E, and S less than N (a box that "
                                 "crosses the antimeridian is not supported)");
    const BoxLonLat& a = atlas.bounds;
    const BoxLonLat box{std::max(v[0], a.min_lon_deg), std::max(v[1], a.min_lat_deg),
                        std::min(v[2], a.max_lon_deg), std::min(v[3], a.max_lat_deg)};
    if (!(box.min_lon_deg < box.max_lon_deg) || !(box.min_lat_deg < box.max_lat_deg)) {
        char msg[256];
        std::snprintf(msg, sizeof msg,
                      "--bbox %s lies outside the atlas, whose areas span %.4f,%.4f,%.4f,%.4f; "
                      "choose a box that overlaps it",
                      args.bbox.c_str(), a.min_lon_deg, a.min_lat_deg, a.max_lon_deg,
                      a.max_lat_deg);
        throw usage_error(msg);
    }
    return box;
}

std::filesystem::path legend_path(const std::string& output) {
    const std::filesystem::path out(output);
    return out.parent_path() / (out.stem().string() + "_legend.svg");
}

/// Refuses, before any work, outputs that would write over the atlas or another input.
void check_outputs(const TilesArgs& args, bool legend) {
    std::vector<io::InputFile> inputs = args.inputs;
    inputs.push_back({args.atlas, "the atlas"});
    io::check_not_an_input(args.output, inputs);
    for (const auto& c : args.copies) io::check_not_an_input(c, inputs);
    io::check_not_an_input(tiles::tilejson_path(args.output).string(), inputs);
    if (legend) io::check_not_an_input(legend_path(args.output).string(), inputs);
}

std::string attribution(const AtlasSource& atlas) {
    const auto it = atlas.metadata.find("attribution");
    return it == atlas.metadata.end() ? std::string() : it->second;
}

/// The categories whose sources are partial (metadata `category.<c>.completeness`), in
/// name order, with their notes.
std::vector<std::pair<std::string, std::string>> partial_categories(const AtlasSource& atlas) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string prefix = "category.", suffix = ".completeness";
    for (const auto& [key, value] : atlas.metadata) {
        if (value != "partial" || key.size() <= prefix.size() + suffix.size() ||
            key.compare(0, prefix.size(), prefix) != 0 ||
            key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string c = key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
        const auto note = atlas.metadata.find("category." + c + ".completeness_note");
        out.emplace_back(c, note == atlas.metadata.end() ? std::string() : note->second);
    }
    return out;
}

/// What a tile set's description says about partial sources (README, "Source completeness"):
/// for a category's column, its note; for the domain scores, the asset index and the vector
/// tiles (`column` empty), the partial categories among the indicators. "" when none.
std::string partial_note(const AtlasSource& atlas, const std::string& column) {
    std::string listed;
    for (const auto& [c, note] : partial_categories(atlas)) {
        if (!column.empty() && column.compare(0, c.size() + 1, c + "_") == 0)
            return "; partial source: " + c + (note.empty() ? "" : " (" + note + ")");
        bool indicator = false;
        for (const auto& i : atlas.indicators)
            indicator = indicator || i.compare(0, c.size() + 1, c + "_") == 0;
        if (indicator) listed += (listed.empty() ? "" : ", ") + c;
    }
    return listed.empty() ? "" : "; partial sources among the indicators: " + listed;
}

/// Refuses, before any work, an output that names no tile container: `.mbtiles`,
/// `.pmtiles`, or a folder (an existing one, or a path without an extension).
void check_tile_output(const std::string& output) {
    namespace fs = std::filesystem;
    const fs::path p(output);
    std::string ext = p.extension().string();
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::error_code ec;
    if (ext.empty() || ext == ".mbtiles" || ext == ".pmtiles" || fs::is_directory(p, ec)) return;
    throw usage_error("-o " + output + ": '" + p.extension().string() +
                      "' is no tile container; write .mbtiles, .pmtiles, or a folder (a path "
                      "without an extension) for z/x/y files");
}

/// The study's human title (metadata `title`, else its name).
std::string study_title(const AtlasSource& atlas) {
    for (const char* key : {"title", "study"}) {
        const auto it = atlas.metadata.find(key);
        if (it != atlas.metadata.end() && !it->second.empty()) return it->second;
    }
    return "assetmap";
}

/// Name, description and attribution (options, else from the study), the bounds, and a
/// centre at the zoom where the whole tiled box fits a 1024 × 768 px view.
tiles::TilesetMetadata tileset_metadata(const TilesArgs& args, const AtlasSource& atlas,
                                        const BoxLonLat& box, std::uint8_t min_z,
                                        std::uint8_t max_z, const std::string& default_name,
                                        const std::string& default_description) {
    tiles::TilesetMetadata meta;
    meta.name = args.name.empty() ? default_name : args.name;
    meta.description = args.description.empty() ? default_description : args.description;
    meta.attribution = args.attribution.empty() ? attribution(atlas) : args.attribution;
    meta.min_zoom = min_z;
    meta.max_zoom = max_z;
    meta.bounds = box;
    const PointM sw = tiles::lonlat_to_mercator({box.min_lon_deg, box.min_lat_deg});
    const PointM ne = tiles::lonlat_to_mercator({box.max_lon_deg, box.max_lat_deg});
    const LonLat mid = tiles::mercator_to_lonlat({(sw.x_m + ne.x_m) / 2, (sw.y_m + ne.y_m) / 2});
    meta.center = tiles::TileCenter{mid.lon_deg, mid.lat_deg,
                                    tiles::fit_zoom(box, 1024, 768, min_z, max_z)};
    return meta;
}

/// The vector layers `areas` and `assets` of an atlas.
std::vector<tiles::VtLayer> vector_layers(const AtlasSource& atlas) {
    tiles::VtLayer areas;
    areas.name = "areas";
    areas.fields = atlas.areas.fields;
    for (std::size_t r = 0; r < atlas.areas.values.size(); ++r) {
        tiles::VtFeature f;
        f.id = r + 1;
        f.polygons = atlas.areas.polygons[r];
        for (std::size_t c = 0; c < areas.fields.size(); ++c) {
            if (c < 3) {  // code, name, parent_code
                f.values.push_back(atlas.areas.is_null[r][c]
                                       ? tiles::VtValue{}
                                       : tiles::VtValue{atlas.areas.values[r][c]});
            } else if (const auto v = atlas_number(atlas.areas, r, c)) {
                // Integer columns (ranks, deciles, counts, flags) stay integers in MVT.
                if (atlas.areas.integer[c] && std::isfinite(*v))
                    f.values.push_back(static_cast<std::int64_t>(std::llround(*v)));
                else
                    f.values.push_back(*v);
            } else {
                f.values.push_back(tiles::VtValue{});
            }
        }
        areas.features.push_back(std::move(f));
    }
    tiles::VtLayer assets;
    assets.name = "assets";
    assets.fields = atlas.assets.fields;
    assets.min_zoom = 12;  // points only where they can be told apart
    for (std::size_t r = 0; r < atlas.assets.values.size(); ++r) {
        tiles::VtFeature f;
        f.id = r + 1;
        f.points = {atlas.assets.points[r]};
        for (std::size_t c = 0; c < assets.fields.size(); ++c)
            f.values.push_back(atlas.assets.is_null[r][c] ? tiles::VtValue{}
                                                          : tiles::VtValue{atlas.assets.values[r][c]});
        assets.features.push_back(std::move(f));
    }
    return {std::move(areas), std::move(assets)};
}

/// Keeps the features whose extent meets `box` (the tiler then writes only their tiles).
void clip_to_box(std::vector<tiles::VtLayer>& layers, const BoxLonLat& box) {
    const PointM sw = tiles::lonlat_to_mercator({box.min_lon_deg, box.min_lat_deg});
    const PointM ne = tiles::lonlat_to_mercator({box.max_lon_deg, box.max_lat_deg});
    for (auto& layer : layers) {
        std::vector<tiles::VtFeature> kept;
        for (auto& f : layer.features) {
            BoxM b = f.is_polygon() ? bounds(f.polygons) : BoxM{};
            for (const auto& p : f.points) b.expand(p);
            if (b.max_x_m >= sw.x_m && b.min_x_m <= ne.x_m && b.max_y_m >= sw.y_m &&
                b.min_y_m <= ne.y_m)
                kept.push_back(std::move(f));
        }
        layer.features = std::move(kept);
    }
}

}  // namespace

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw input_error(path, "cannot read the style template; reinstall the styles/ folder");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Fonts are registered once per process (Mapnik's registries are global). No input plugin:
/// the raster style's layers have no <Datasource> (the renderer attaches memory datasources),
/// and loading the plugins loads what they link (GDAL, libpq: ~50 ms at start).
void setup_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        tiles::register_mapnik_fonts_and_plugins(ASSETMAP_MAPNIK_FONTS_DIR, /*plugins_dir=*/"");
    });
}

/// The shard of `--shard I/N` (every tile without it).
tiles::TileShard shard_of(const TilesArgs& args) {
    if (args.shard.empty()) return {};
    const auto shard = tiles::parse_tile_shard(args.shard);
    if (!shard)
        throw usage_error("--shard '" + args.shard + "': give I/N with 1 <= I <= N, e.g. 2/8 "
                           "for the second of eight shards");
    return *shard;
}

/// Mapnik allocates and frees megabytes (its rasteriser's cells) for every metatile: freed
/// memory is kept in the heap instead of going back to the system and being faulted in
/// again (half the page faults of a render; glibc only).
void keep_freed_memory() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

}  // namespace

int tiles_raster_command(const TilesArgs& args, Console& console, const AtlasSource* preloaded) {
    check_tile_output(args.output);
    const auto [min_z, max_z] = zoom_range(args.zoom.empty() ? "10-16" : args.zoom);
    if (args.scale != 1 && args.scale != 2)
        throw usage_error("--scale must be 1 (256 px tiles) or 2 (512 px @2x tiles)");
    const auto method = tiles::parse_class_method(args.classes);
    if (!method) throw usage_error("--classes '" + args.classes + "': use quantile or jenks");
    check_outputs(args, true);
    const tiles::TileShard shard = shard_of(args);
    // The assets are read later, only those within reach of the tiles.
    AtlasSource read = preloaded ? AtlasSource{} : read_atlas(args.atlas, /*with_assets=*/false);
    const AtlasSource& atlas = preloaded ? *preloaded : read;
    const auto& fields = atlas.areas.fields;
    const auto col = std::find(fields.begin(), fields.end(), args.indicator) - fields.begin();
    if (args.indicator.empty() || col < 3 || col >= static_cast<long>(atlas.value_fields)) {
        std::string have;
        for (std::size_t i = 3; i < atlas.value_fields; ++i) have += (i > 3 ? ", " : "") + fields[i];
        throw usage_error("--indicator '" + args.indicator + "' is not in the atlas; choose "
                          "one of: " + have);
    }
    const BoxLonLat box = tile_box(args, atlas);
    check_tile_count(box, min_z, max_z, args.max_tiles);
    auto writer = tiles::open_tile_writer(args.output, tiles::TileFormat::png);
    setup_mapnik();
    keep_freed_memory();

    tiles::RasterLayers layers;
    layers.indicator = args.indicator;
    std::vector<double> values;
    for (std::size_t r = 0; r < atlas.areas.values.size(); ++r) {
        tiles::RasterArea a;
        a.code = atlas.areas.values[r][0];
        a.name = atlas.areas.values[r][1];
        // An area with partial data for the indicator's category has no data there: its
        // value (often a false 0) is neither classed nor painted as a value.
        a.value = is_partial(atlas, r, static_cast<std::size_t>(col))
                      ? std::nullopt
                      : atlas_number(atlas.areas, r, static_cast<std::size_t>(col));
        a.shape = atlas.areas.polygons[r];
        values.push_back(a.value ? *a.value : std::nan(""));
        layers.areas.push_back(std::move(a));
    }
    // The legend's title is the column's human title (atlas::describe_column).
    const auto column =
        atlas::describe_column("areas", args.indicator, atlas::column_context(atlas.metadata));
    const auto choropleth =
        tiles::make_choropleth(args.indicator, column.title, values, 5, *method);
    for (auto& a : layers.areas)
        a.class_index = a.value ? tiles::class_of(*a.value, choropleth.breaks) : -1;

    tiles::RasterStyleParams style;
    style.choropleth = choropleth;
    const std::string xml =
        tiles::build_raster_style(read_text(std::string(ASSETMAP_STYLES_DIR) + "/raster.xml.in"),
                                  style);
    tiles::RasterOptions options;
    options.scale = static_cast<unsigned>(args.scale);
    options.encoding = args.png32 ? tiles::RasterEncoding::png32 : tiles::RasterEncoding::png8;
    options.threads = worker_threads(args.threads, console.quiet());
    options.shard = shard;
    const auto ranges = tiles::tile_ranges(box, min_z, max_z);
    if (!preloaded) {
        // Only the assets that can change a tile: within reach of the zooms where the style
        // draws them (the same tiles as with every asset, less to read).
        const auto reach = tiles::raster_layer_reach(xml, ASSETMAP_STYLES_DIR,
                                                     {"assets", "asset-labels"}, ranges, options);
        if (reach)
            read_atlas_assets(read, BoxM{reach->min_x, reach->min_y, reach->max_x, reach->max_y});
    }
    for (std::size_t r = 0; r < atlas.assets.values.size(); ++r)
        layers.assets.push_back({atlas.assets.values[r][1], atlas.assets.values[r][2],
                                 atlas.assets.values[r][3], atlas.assets.points[r]});
    const tiles::TileRenderer renderer(xml, std::move(layers), ASSETMAP_STYLES_DIR);
    const auto progress = console.progress();
    const auto stats = renderer.render(
        ranges, options,
        [&](const tiles::TileId& t, const std::string& png) { writer->put(t, png); },
        [&](const tiles::RasterProgress& p) {
            if (progress) progress("raster tiles", p.tiles_done, p.tiles_total);
        });

    tiles::TilesetMetadata meta = tileset_metadata(
        args, atlas, box, min_z, max_z, column.title + " \u2014 " + study_title(atlas),
        study_title(atlas) + ": " + column.title + " by area" +
            (column.unit.empty() ? std::string() : " (" + column.unit + ")") +
            ", with the assets (assetmap raster tiles)" + partial_note(atlas, args.indicator));
    meta.format = tiles::TileFormat::png;
    writer->finish(meta);
    const auto tilejson = tiles::write_tilejson(args.output, meta, {});
    const auto legend = legend_path(args.output);
    std::ofstream(legend) << tiles::legend_svg(choropleth);
    console.tiles_summary(stats.tiles_written, stats.bytes_written, 0, 0, 0, args.output,
                          tilejson.string());
    if (!console.quiet())
        std::fprintf(stderr,
                     "legend: %s; %.0f tiles/s (%llu empty skipped; %llu of %llu metatiles "
                     "rendered, %llu of one area's colour)\n",
                     legend.string().c_str(), stats.tiles_per_s(),
                     static_cast<unsigned long long>(stats.tiles_empty),
                     static_cast<unsigned long long>(stats.metatiles_rendered),
                     static_cast<unsigned long long>(stats.metatiles),
                     static_cast<unsigned long long>(stats.metatiles_uniform));
    return exit_ok;
}

int tiles_vector_command(const TilesArgs& args, Console& console, const AtlasSource* preloaded) {
    check_tile_output(args.output);
    for (const auto& c : args.copies) check_tile_output(c);
    const auto [min_z, max_z] = zoom_range(args.zoom.empty() ? "6-15" : args.zoom);
    check_outputs(args, false);
    const tiles::TileShard shard = shard_of(args);
    const AtlasSource read = preloaded ? AtlasSource{} : read_atlas(args.atlas);
    const AtlasSource& atlas = preloaded ? *preloaded : read;
    const BoxLonLat box = tile_box(args, atlas);
    check_tile_count(box, min_z, max_z, args.max_tiles);
    auto layers = vector_layers(atlas);
    if (!args.bbox.empty()) clip_to_box(layers, box);

    // Opening the stores first: an unwritable output fails before any work.
    auto writer = tiles::open_tile_writer(args.output, tiles::TileFormat::pbf);
    std::vector<std::unique_ptr<tiles::TileWriter>> copies;
    for (const auto& c : args.copies)
        copies.push_back(tiles::open_tile_writer(c, tiles::TileFormat::pbf));
    tiles::VectorTilerOptions options;
    options.threads = worker_threads(args.threads, console.quiet());
    options.shard = shard;
    ProblemReport problems;
    const auto progress = console.progress();
    std::uint64_t done = 0;
    const std::uint64_t total = tiles::tile_count(box, min_z, max_z);
    const auto stats = tiles::build_vector_tiles(
        layers, min_z, max_z, options,
        [&](const tiles::TileId& t, std::string_view bytes) {
            for (auto& c : copies) c->put(t, std::string(bytes));
            writer->put(t, std::string(bytes));
            if (progress) progress("vector tiles", ++done, total);
        },
        problems);

    tiles::TilesetMetadata meta = tileset_metadata(
        args, atlas, box, min_z, max_z, study_title(atlas),
        study_title(atlas) + ": areas with their indicators, domain scores and asset index, "
                             "and the assets (assetmap vector tiles)" +
            partial_note(atlas, ""));
    meta.format = tiles::TileFormat::pbf;
    meta.tile_compression = tiles::TileCompression::gzip;
    meta.vector_layers_json = tiles::vector_layers_json(layers, min_z, max_z);
    for (auto& c : copies) c->finish(meta);
    writer->finish(meta);
    const auto tilejson = tiles::write_tilejson(args.output, meta, {});
    console.tiles_summary(stats.tiles_written, stats.bytes_written, stats.max_tile_bytes,
                          stats.capped.size(), problems.size(), args.output, tilejson.string());
    for (const auto& c : args.copies)
        if (!console.quiet()) std::fprintf(stderr, "the same tiles: %s\n", c.c_str());
    return exit_ok;
}

}  // namespace assetmap::tools

namespace assetmap::tools {

void write_default_tiles(const std::string& atlas_path, const std::string& dir,
                         const std::string& stem, unsigned threads, Console& console,
                         const StageFn& stage, const std::vector<io::InputFile>& inputs) {
    if (stage) stage("vector tiles");
    namespace fs = std::filesystem;
    TilesArgs args;
    args.atlas = atlas_path;
    args.threads = threads;
    args.inputs = inputs;
    args.zoom = "6-15";
    args.output = io::output_in_folder(dir, stem + "_vector.pmtiles");
    args.copies = {io::output_in_folder(dir, stem + "_vector.mbtiles")};
    const AtlasSource atlas = read_atlas(atlas_path);  // once, for every tile set below
    tiles_vector_command(args, console, &atlas);
    args.copies.clear();

    // The MapLibre style for those vector tiles, coloured by the asset index.
    const auto& fields = atlas.areas.fields;
    const auto col = static_cast<std::size_t>(
        std::find(fields.begin(), fields.end(), "asset_index") - fields.begin());
    std::vector<double> values;
    for (std::size_t r = 0; r < atlas.areas.values.size(); ++r) {
        const auto v = atlas_number(atlas.areas, r, col);
        values.push_back(v ? *v : std::nan(""));
    }
    tiles::MaplibreStyleParams style;
    style.choropleth = tiles::make_choropleth("asset_index", "Asset index", values);
    style.name = stem;
    style.tilejson_url = stem + "_vector.tilejson";
    const auto style_path = io::output_in_folder(dir, stem + "_style.json");
    io::check_not_an_input(style_path, inputs);
    std::ofstream(style_path) << tiles::maplibre_style_json(style);

    args.zoom = "10-14";
    for (const char* indicator :
         {"asset_index", "individual_score", "community_score", "structural_score"}) {
        if (stage) stage(std::string("raster tiles ") + indicator);
        args.indicator = indicator;
        args.output = io::output_in_folder(dir, stem + "_" + indicator + ".mbtiles");
        tiles_raster_command(args, console, &atlas);
    }
}

namespace {

/// The metadata that make two shards parts of one tile set (all of it: every shard of a run
/// writes the same).
std::string tileset_identity(const tiles::TilesetMetadata& m) {
    std::ostringstream s;
    s.precision(17);
    s << m.name << '|' << tiles::to_string(m.format) << '|' << tiles::to_string(m.tile_compression) << '|'
      << int(m.min_zoom) << '-' << int(m.max_zoom) << '|' << m.description << '|'
      << m.attribution << '|' << m.version << '|' << m.type << '|' << m.vector_layers_json;
    if (m.bounds)
        s << '|' << m.bounds->min_lon_deg << ',' << m.bounds->min_lat_deg << ','
          << m.bounds->max_lon_deg << ',' << m.bounds->max_lat_deg;
    if (m.center) s << '|' << m.center->lon_deg << ',' << m.center->lat_deg << ',' << int(m.center->zoom);
    return s.str();
}

}  // namespace

int tiles_merge_command(const TilesMergeArgs& args, Console& console) {
    namespace fs = std::filesystem;
    if (args.inputs.empty()) throw usage_error("tiles merge: give the shards to merge");
    check_tile_output(args.output);
    std::vector<std::unique_ptr<tiles::TileReader>> shards;
    for (const auto& in : args.inputs) {
        if (fs::absolute(in) == fs::absolute(args.output))
            throw usage_error("tiles merge: the output " + args.output + " is also a shard; "
                               "write the merged set elsewhere");
        std::error_code ec;
        if (!fs::exists(in, ec))
            throw input_error(in, "no such shard; give the files `tiles ... --shard I/N` wrote");
        shards.push_back(tiles::open_tile_reader(in));
    }
    tiles::TilesetMetadata meta = shards.front()->metadata();
    const std::string identity = tileset_identity(meta);
    for (std::size_t i = 1; i < shards.size(); ++i)
        if (tileset_identity(shards[i]->metadata()) != identity)
            throw config_error("tiles merge: " + args.inputs[i] + " is not a shard of the same "
                               "tile set as " + args.inputs.front() + " (format, zooms, bounds, "
                               "name, layers or description differ)");
    // An unwritable output fails here, before the tiles are read.
    auto writer = tiles::open_tile_writer(args.output, meta.format);
    std::map<tiles::TileId, std::size_t> owner;
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        for (const tiles::TileId& id : shards[i]->tile_ids()) {
            auto tile = shards[i]->get(id);
            if (!tile) continue;
            const auto [it, fresh] = owner.emplace(id, i);
            if (!fresh) {
                if (shards[it->second]->get(id) != tile)
                    throw config_error("tiles merge: tile " + std::to_string(id.z) + "/" +
                                       std::to_string(id.x) + "/" + std::to_string(id.y) +
                                       " differs between " + args.inputs[it->second] + " and " +
                                       args.inputs[i] + "; they are not shards of one run");
                continue;
            }
            bytes += tile->size();
            writer->put(id, std::move(*tile));
        }
    }
    writer->finish(meta);
    const auto tilejson = tiles::write_tilejson(args.output, meta, {});
    // A raster shard's legend (the same for every shard): beside the merged set too.
    const fs::path first(args.inputs.front());
    const fs::path legend = first.parent_path() / (first.stem().string() + "_legend.svg");
    const fs::path out(args.output);
    std::error_code ec;
    if (fs::exists(legend, ec))
        fs::copy_file(legend, out.parent_path() / (out.stem().string() + "_legend.svg"),
                      fs::copy_options::overwrite_existing, ec);
    console.tiles_summary(owner.size(), bytes, 0, 0, 0, args.output, tilejson.string());
    return exit_ok;
}

}  // namespace assetmap::tools
