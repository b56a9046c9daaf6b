#include <assetmap/serve/tile_service.hpp>

#include <assetmap/atlas/atlas.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/serve/etag.hpp>
#include <assetmap/serve/lru_cache.hpp>
#include <assetmap/serve/raster_source.hpp>
#include <assetmap/serve/url.hpp>
#include <assetmap/serve/vector_source.hpp>
#include <assetmap/tiles/tile_store.hpp>
#include <assetmap/tiles/tilejson.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace assetmap::serve {

namespace fs = std::filesystem;

TilePathParse parse_tile_path(std::string_view rest) {
    TilePathParse out;
    auto fail = [&](unsigned status, std::string message) {
        out.status = status;
        out.message = std::move(message);
        return out;
    };
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto slash = rest.find('/', start);
        parts.push_back(rest.substr(start, slash == std::string_view::npos ? rest.npos
                                                                             : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (parts.size() != 4)
        return fail(404, "no such tile path; tiles are /tiles/{tileset}/{z}/{x}/{y}.{png|mvt}");
    TileRequest req;
    req.tileset = std::string(parts[0]);
    if (!is_safe_name(req.tileset)) return fail(404, "no such tileset; see /tiles");
    const auto z = parse_uint(parts[1], 255);
    if (!z) return fail(400, "zoom must be a whole number from 0 to 24");
    if (*z > 24) return fail(400, "zoom must be a whole number from 0 to 24");
    std::string_view last = parts[3];
    const auto dot = last.rfind('.');
    if (dot == std::string_view::npos)
        return fail(400, "the tile needs an extension: .png, .mvt or .pbf");
    req.ext = std::string(last.substr(dot + 1));
    std::string_view y_text = last.substr(0, dot);
    if (y_text.size() > 3 && y_text.substr(y_text.size() - 3) == "@2x") {
        req.scale = 2;
        y_text.remove_suffix(3);
    }
    if (req.ext != "png" && req.ext != "mvt" && req.ext != "pbf")
        return fail(400, "unknown tile extension '." + req.ext + "'; use .png, .mvt or .pbf");
    if (req.scale == 2 && req.ext != "png") return fail(400, "@2x is for raster (.png) tiles");
    const std::uint64_t n = std::uint64_t(1) << *z;
    const auto x = parse_uint(parts[2]);
    const auto y = parse_uint(y_text);
    if (!x || !y) return fail(400, "x and y must be whole numbers");
    if (*x >= n || *y >= n)
        return fail(400, "x and y must be below 2^z = " + std::to_string(n) + " at zoom " +
                             std::to_string(*z));
    req.tile = tiles::TileId{static_cast<std::uint8_t>(*z), static_cast<std::uint32_t>(*x),
                             static_cast<std::uint32_t>(*y)};
    out.request = std::move(req);
    return out;
}

namespace {

std::uint64_t tile_key(const tiles::TileId& t) {
    return (std::uint64_t(t.z) << 56) | (std::uint64_t(t.x) << 28) | std::uint64_t(t.y);
}

bool overlaps(const BoxLonLat& a, const BoxLonLat& b) {
    return a.min_lon_deg < b.max_lon_deg && b.min_lon_deg < a.max_lon_deg &&
           a.min_lat_deg < b.max_lat_deg && b.min_lat_deg < a.max_lat_deg;
}

struct Stored {
    std::shared_ptr<const std::string> bytes;
    std::string etag;
};

/// An archive's tiles (shared between the states of a server that takes edits).
struct Archive {
    std::unique_ptr<tiles::TileReader> reader;
    std::unordered_map<std::uint64_t, Stored> tiles;  // when preloaded
};

struct Set {
    TilesetInfo info;
    BoxLonLat bounds;
    bool gzip = false;
    std::shared_ptr<Archive> archive;  // null when rendered only
    std::unique_ptr<tiles::TileReader>& reader() const { return archive->reader; }
    /// Tiles of the archive that edits made stale: drawn from the atlas instead.
    DirtyRegion stale;
};

const char* ext_of(tiles::TileFormat f) { return f == tiles::TileFormat::png ? "png" : "mvt"; }

}  // namespace

struct TileService::Impl {
    TileServiceOptions opt;
    std::vector<Set> sets;  // by name
    std::vector<TilesetInfo> infos;
    std::unique_ptr<RasterSource> raster;
    std::unique_ptr<VectorSource> vector;  // after edits: stale vector tiles encoded
    std::uint64_t version = 0;
    mutable LruCache cache;

    explicit Impl(TileServiceOptions o) : opt(std::move(o)), cache(opt.raster_cache_bytes) {}

    /// True when the tile comes from the archive (in its zooms and not made stale by edits).
    bool from_archive(const Set& s, const TileRequest& r) const {
        return archived(s, r) && !s.stale.covers(r.tile);
    }
    /// A stale vector tile encoded from the atlas.
    bool live_vector(const Set& s, const TileRequest& r) const {
        return vector && s.archive && s.info.metadata.format != tiles::TileFormat::png &&
               archived(s, r) && s.stale.covers(r.tile);
    }

    const Set* find(std::string_view name) const {
        const auto it = std::lower_bound(sets.begin(), sets.end(), name,
                                         [](const Set& s, std::string_view n) {
                                             return s.info.name < n;
                                         });
        return it != sets.end() && it->info.name == name ? &*it : nullptr;
    }

    bool archived(const Set& s, const TileRequest& r) const {
        return s.archive && r.scale == 1 && r.tile.z >= s.info.archive_min_zoom &&
               r.tile.z <= s.info.archive_max_zoom;
    }

    static std::string cache_key(const Set& s, const TileRequest& r) {
        return s.info.name + '/' + std::to_string(r.tile.z) + '/' + std::to_string(r.tile.x) +
               '/' + std::to_string(r.tile.y) + (r.scale == 2 ? "@2x" : "");
    }
};

TileService::TileService(const fs::path& folder, const atlas::Atlas* atlas,
                         const LayerLonLat* areas, const LayerLonLat* assets,
                         TileServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
    auto& im = *impl_;
    // Archives, in a fixed order: PMTiles, MBTiles, then folders; names sorted within.
    std::vector<fs::path> found[3];
    std::error_code ec;
    if (fs::is_directory(folder, ec))
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            const fs::path& p = entry.path();
            const std::string stem = p.stem().string();
            if (!is_safe_name(stem)) continue;
            std::error_code e2;
            if (entry.is_regular_file(e2)) {
                const auto kind = tiles::tile_store_kind(p);
                if (kind == tiles::TileStoreKind::pmtiles) found[0].push_back(p);
                if (kind == tiles::TileStoreKind::mbtiles) found[1].push_back(p);
            } else if (entry.is_directory(e2) && fs::is_regular_file(p / "metadata.json", e2)) {
                found[2].push_back(p);
            }
        }
    std::uint64_t budget = im.opt.preload_max_bytes;
    std::map<std::string, Set> by_name;
    for (auto& list : found) {
        std::sort(list.begin(), list.end());
        for (const auto& p : list) {
            const std::string name = tiles::tile_store_kind(p) == tiles::TileStoreKind::folder
                                         ? p.filename().string()
                                         : p.stem().string();
            if (by_name.count(name)) continue;
            Set s;
            s.archive = std::make_shared<Archive>();
            s.reader() = tiles::open_tile_reader(p);
            s.info.name = name;
            s.info.metadata = s.reader()->metadata();
            s.info.archive = p.filename().string();
            s.info.archive_min_zoom = s.info.metadata.min_zoom;
            s.info.archive_max_zoom = s.info.metadata.max_zoom;
            s.bounds = *s.info.metadata.bounds;
            s.gzip = s.info.metadata.tile_compression == tiles::TileCompression::gzip;
            const auto ids = s.reader()->tile_ids();
            s.info.archive_tiles = ids.size();
            std::uint64_t size = 0;
            if (fs::is_regular_file(p, ec)) size = fs::file_size(p, ec);
            if (size <= budget) {
                budget -= size;
                s.info.preloaded = true;
                for (const auto& id : ids) {
                    auto bytes = s.reader()->get(id);
                    if (!bytes || bytes->empty()) continue;
                    Stored st;
                    st.etag = strong_etag(*bytes, s.gzip ? "gz" : "");
                    st.bytes = std::make_shared<const std::string>(std::move(*bytes));
                    s.archive->tiles.emplace(tile_key(id), std::move(st));
                }
            }
            by_name.emplace(name, std::move(s));
        }
    }

    // Rendered raster choropleths of the atlas: `<study>_<column>`.
    if (atlas && areas && im.opt.render && areas->any_geometry) {
        im.raster = std::make_unique<RasterSource>(*atlas, *areas, assets, im.opt.styles_dir);
        const std::string study = atlas->study_name().empty() ? "atlas" : atlas->study_name();
        for (const auto& column : im.raster->columns()) {
            const std::string name = study + "_" + column;
            if (!is_safe_name(name)) continue;
            auto it = by_name.find(name);
            if (it != by_name.end() && it->second.info.metadata.format != tiles::TileFormat::png)
                continue;
            if (it == by_name.end()) {
                Set s;
                s.info.name = name;
                s.info.metadata.name = name;
                s.info.metadata.description =
                    "assetmap choropleth of " + column + " with assets (rendered on demand)";
                s.info.metadata.attribution = atlas->meta("attribution");
                s.info.metadata.format = tiles::TileFormat::png;
                s.bounds = areas->extent;
                it = by_name.emplace(name, std::move(s)).first;
            }
            Set& s = it->second;
            s.info.indicator = column;
            s.info.rendered = true;
            s.info.metadata.min_zoom = 0;
            s.info.metadata.max_zoom = std::max(im.opt.render_max_zoom, s.info.archive_max_zoom);
            s.info.metadata.bounds = s.bounds;
            s.info.metadata.center.reset();
        }
    }
    for (auto& [name, s] : by_name) {
        im.infos.push_back(s.info);
        im.sets.push_back(std::move(s));
    }
}

TileService::TileService(const TileService& previous, const atlas::Atlas* atlas,
                         const LayerLonLat* areas, const LayerLonLat* assets,
                         const TileChanges& stale, const TileChanges& changed,
                         std::uint64_t version)
    : impl_(std::make_unique<Impl>(previous.impl_->opt)) {
    auto& im = *impl_;
    const auto& old = *previous.impl_;
    im.version = version;
    if (atlas && areas && im.opt.render && areas->any_geometry && old.raster)
        im.raster = std::make_unique<RasterSource>(*atlas, *areas, assets, im.opt.styles_dir);
    if (atlas && areas) im.vector = std::make_unique<VectorSource>(*atlas, *areas, assets);
    std::map<std::string, DirtyRegion> dropped;  // per set: cached tiles to drop
    for (const Set& o : old.sets) {
        Set s;
        s.info = o.info;
        s.bounds = o.bounds;
        s.gzip = o.gzip;
        s.archive = o.archive;
        const bool png = o.info.metadata.format == tiles::TileFormat::png;
        // A raster archive of no known column cannot be drawn again: it stays as it is.
        const bool drawable = !png || o.info.rendered;
        if (o.archive && drawable)
            s.stale = png ? stale.raster_region(o.info.indicator) : stale.vector;
        if (drawable)
            dropped[s.info.name] = png ? changed.raster_region(o.info.indicator) : changed.vector;
        im.infos.push_back(s.info);
        im.sets.push_back(std::move(s));
    }
    // The cache keeps what this edit did not change ("name/z/x/y[@2x]").
    im.cache.copy_from(old.cache, [&](const std::string& key) {
        const auto a = key.find('/');
        const auto b = key.find('/', a + 1);
        const auto c = key.find('/', b + 1);
        if (a == std::string::npos || b == std::string::npos || c == std::string::npos)
            return false;
        const auto it = dropped.find(key.substr(0, a));
        if (it == dropped.end()) return false;
        const tiles::TileId t{static_cast<std::uint8_t>(std::stoul(key.substr(a + 1, b - a - 1))),
                              static_cast<std::uint32_t>(std::stoul(key.substr(b + 1, c - b - 1))),
                              static_cast<std::uint32_t>(std::stoul(key.substr(c + 1)))};
        return !it->second.covers(t);
    });
}

TileService::~TileService() = default;

std::vector<std::string> TileService::raster_columns() const {
    return impl_->raster ? impl_->raster->columns() : std::vector<std::string>{};
}

const std::vector<TilesetInfo>& TileService::tilesets() const noexcept { return impl_->infos; }

const TilesetInfo* TileService::find(std::string_view name) const {
    const Set* s = impl_->find(name);
    return s ? &s->info : nullptr;
}

bool TileService::needs_render(const TileRequest& r) const {
    const Set* s = impl_->find(r.tileset);
    if (s && impl_->live_vector(*s, r)) return !impl_->cache.get(Impl::cache_key(*s, r));
    if (!s || !s->info.rendered || impl_->from_archive(*s, r)) return false;
    if (r.tile.z > s->info.metadata.max_zoom) return false;
    return !impl_->cache.get(Impl::cache_key(*s, r));
}

TileAnswer TileService::tile(const TileRequest& r, std::string* note) const {
    const auto& im = *impl_;
    TileAnswer a;
    const Set* s = im.find(r.tileset);
    if (!s) {
        a.status = 404;
        a.message = "no tileset '" + r.tileset + "'; /tiles lists them";
        return a;
    }
    a.format = s->info.metadata.format;
    a.gzip = s->gzip;
    const bool want_png = r.ext == "png";
    if (want_png != (s->info.metadata.format == tiles::TileFormat::png)) {
        a.status = 404;
        a.message = "tileset '" + r.tileset + "' has ." + ext_of(s->info.metadata.format) +
                    " tiles";
        return a;
    }
    if (r.scale == 2 && !s->info.rendered) {
        a.status = 404;
        a.message = "tileset '" + r.tileset + "' has no @2x tiles";
        return a;
    }
    const auto& m = s->info.metadata;
    if (r.tile.z < m.min_zoom || r.tile.z > m.max_zoom) {
        a.status = 404;
        a.message = "tileset '" + r.tileset + "' has zooms " + std::to_string(m.min_zoom) +
                    " to " + std::to_string(m.max_zoom);
        return a;
    }
    if (!overlaps(tiles::tile_bounds_lonlat(r.tile), s->bounds)) {
        a.status = 404;
        a.message = "the tile lies outside the bounds of tileset '" + r.tileset + "'";
        return a;
    }
    // Tiles made on request go through the LRU (an empty tile is cached as an empty string);
    // false: `a` holds the 500 answer.
    auto through_cache = [&](const auto& make, const char* failed,
                             std::shared_ptr<const std::string>& bytes) {
        const std::string key = Impl::cache_key(*s, r);
        bytes = im.cache.get(key);
        if (bytes) return true;
        try {
            auto made = make();
            bytes = std::make_shared<const std::string>(made ? std::move(*made) : std::string());
        } catch (const std::exception& e) {
            if (note) *note = e.what();
            a.status = 500;
            a.message = std::string("the tile could not be ") + failed +
                        "; the server log has the details";
            return false;
        }
        im.cache.put(key, bytes);
        a.rendered = true;
        return true;
    };
    if (im.live_vector(*s, r)) {
        // Made stale by edits: encoded from the atlas.
        std::shared_ptr<const std::string> bytes;
        if (!through_cache([&] { return im.vector->encode(r.tile); }, "encoded", bytes)) return a;
        if (bytes->empty()) {
            a.status = 204;
            return a;
        }
        a.gzip = true;
        a.etag = strong_etag(*bytes, "gz");
        a.bytes = std::move(bytes);
        return a;
    }
    if (im.from_archive(*s, r)) {
        if (s->info.preloaded) {
            const auto it = s->archive->tiles.find(tile_key(r.tile));
            if (it == s->archive->tiles.end()) {
                a.status = 204;
                return a;
            }
            a.bytes = it->second.bytes;
            a.etag = it->second.etag;
            return a;
        }
        auto bytes = s->reader()->get(r.tile);
        if (!bytes || bytes->empty()) {
            a.status = 204;
            return a;
        }
        a.etag = strong_etag(*bytes, s->gzip ? "gz" : "");
        a.bytes = std::make_shared<const std::string>(std::move(*bytes));
        return a;
    }
    if (!s->info.rendered || !im.raster) {
        a.status = 204;
        return a;
    }
    // Rendered on demand.
    std::shared_ptr<const std::string> bytes;
    if (!through_cache([&] { return im.raster->render(s->info.indicator, r.tile, r.scale); },
                       "rendered", bytes))
        return a;
    if (bytes->empty()) {
        a.status = 204;
        return a;
    }
    a.etag = strong_etag(*bytes);
    a.bytes = std::move(bytes);
    return a;
}

std::optional<std::string> TileService::tilejson(std::string_view name,
                                                 const std::string& base_url) const {
    const Set* s = impl_->find(name);
    if (!s) return std::nullopt;
    std::string url = base_url + "/tiles/" + s->info.name + "/{z}/{x}/{y}." +
                      ext_of(s->info.metadata.format);
    if (impl_->version) url += "?v=" + std::to_string(impl_->version);  // after edits
    return tiles::tilejson(s->info.metadata, {url});
}

std::size_t TileService::cache_bytes() const { return impl_->cache.bytes(); }
std::size_t TileService::cache_entries() const { return impl_->cache.size(); }

}  // namespace assetmap::serve
