#include <algorithm>
#include <assetmap/tiles/mvt_encoder.hpp>
#include <cmath>
#include <cstring>
#include <protozero/pbf_writer.hpp>
#include <protozero/varint.hpp>
#include <unordered_map>
#include <utility>

namespace assetmap::tiles {

namespace {

// MVT 2.1 field numbers (vector_tile.proto).
namespace tile_f {
constexpr protozero::pbf_tag_type layers = 3;
}
namespace layer_f {
constexpr protozero::pbf_tag_type name = 1, features = 2, keys = 3, values = 4, extent = 5,
                                  version = 15;
}
namespace feature_f {
constexpr protozero::pbf_tag_type id = 1, tags = 2, type = 3, geometry = 4;
}
namespace value_f {
constexpr protozero::pbf_tag_type string_value = 1, double_value = 3, uint_value = 5,
                                  sint_value = 6;
}
enum GeomType : std::int32_t { geom_point = 1, geom_polygon = 3 };
enum Command : std::uint32_t { move_to = 1, line_to = 2, close_path = 7 };

constexpr std::uint32_t command(Command id, std::uint32_t count) {
    return (static_cast<std::uint32_t>(id) & 0x7u) | (count << 3);
}

/// Twice the signed area (surveyor's formula) of an open ring, in the ring's own units,
/// relative to its first vertex; positive = clockwise with y down.
double signed_area2(const GridRing& ring) {
    if (ring.size() < 3) return 0.0;
    const GridPoint o = ring.front();
    double a2 = 0.0;
    for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
        const double x1 = double(ring[i].x - o.x), y1 = double(ring[i].y - o.y);
        const double x2 = double(ring[i + 1].x - o.x), y2 = double(ring[i + 1].y - o.y);
        a2 += x1 * y2 - x2 * y1;
    }
    return a2;
}

/// Removes consecutive duplicates, including a last vertex equal to the first.
void remove_repeats(GridRing& ring) {
    ring.erase(std::unique(ring.begin(), ring.end()), ring.end());
    while (ring.size() > 1 && ring.back() == ring.front()) ring.pop_back();
}

/// Douglas–Peucker on a ring, treated as closed (vertex n = vertex 0), with an explicit
/// stack. Distances are to the segment (to the point when the segment is degenerate).
void simplify_ring(GridRing& ring, double tolerance, std::vector<char>& keep,
                   std::vector<std::pair<std::size_t, std::size_t>>& stack) {
    const std::size_t n = ring.size();
    if (tolerance <= 0.0 || n < 3) return;
    const double tol2 = tolerance * tolerance;
    keep.assign(n + 1, 0);
    keep[0] = keep[n] = 1;
    stack.clear();
    stack.emplace_back(0, n);
    auto at = [&](std::size_t i) -> const GridPoint& { return ring[i == n ? 0 : i]; };
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        if (b - a < 2) continue;
        const GridPoint& pa = at(a);
        const GridPoint& pb = at(b);
        const double dx = double(pb.x - pa.x), dy = double(pb.y - pa.y);
        const double len2 = dx * dx + dy * dy;
        double best = -1.0;
        std::size_t k = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double px = double(ring[i].x - pa.x), py = double(ring[i].y - pa.y);
            double d2;
            if (len2 == 0.0) {
                d2 = px * px + py * py;
            } else {
                const double t = std::clamp((px * dx + py * dy) / len2, 0.0, 1.0);
                const double ex = px - t * dx, ey = py - t * dy;
                d2 = ex * ex + ey * ey;
            }
            if (d2 > best) {
                best = d2;
                k = i;
            }
        }
        if (best > tol2) {
            keep[k] = 1;
            stack.emplace_back(a, k);
            stack.emplace_back(k, b);
        }
    }
    std::size_t w = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (keep[i]) ring[w++] = ring[i];
    ring.resize(w);
}

/// Intersection of segment a–b with the vertical line x = X (or, `horizontal`, the
/// horizontal line y = X), rounded to the grid. The endpoints are put in a fixed order
/// first so that a shared edge walked either way gives the same vertex.
GridPoint intersect(GridPoint a, GridPoint b, std::int64_t X, bool horizontal) {
    if (horizontal) {
        std::swap(a.x, a.y);
        std::swap(b.x, b.y);
    }
    if (b.x < a.x || (b.x == a.x && b.y < a.y)) std::swap(a, b);
    const double t = double(X - a.x) / double(b.x - a.x);
    GridPoint p{X, a.y + std::llround(double(b.y - a.y) * t)};
    if (horizontal) std::swap(p.x, p.y);
    return p;
}

/// One Sutherland–Hodgman pass: keeps the side of an axis-parallel line.
enum class Side { x_ge, x_le, y_ge, y_le };
void clip_pass(const GridRing& in, GridRing& out, Side side, std::int64_t v) {
    out.clear();
    if (in.empty()) return;
    auto inside = [side, v](const GridPoint& p) {
        switch (side) {
            case Side::x_ge:
                return p.x >= v;
            case Side::x_le:
                return p.x <= v;
            case Side::y_ge:
                return p.y >= v;
            case Side::y_le:
                return p.y <= v;
        }
        return false;
    };
    const bool horizontal = side == Side::y_ge || side == Side::y_le;
    GridPoint prev = in.back();
    bool prev_in = inside(prev);
    for (const GridPoint& cur : in) {
        const bool cur_in = inside(cur);
        if (cur_in != prev_in) out.push_back(intersect(prev, cur, v, horizontal));
        if (cur_in) out.push_back(cur);
        prev = cur;
        prev_in = cur_in;
    }
}

struct ClipBox {
    std::int64_t min_x, min_y, max_x, max_y;
    bool contains(const GridPoint& p) const {
        return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
    }
};

}  // namespace

// ---------------------------------------------------------------------------------------

ZoomGeometry prepare_geometry(const VtFeature& feature, std::uint8_t z, std::uint32_t extent,
                              double tolerance) {
    ZoomGeometry g;
    const double world = std::ldexp(double(extent), z);  // grid units per world side
    const double scale = world / (2.0 * mercator_half_m);
    bool finite = true;
    auto to_grid = [&](const PointM& p) {
        if (!std::isfinite(p.x_m) || !std::isfinite(p.y_m)) {
            finite = false;
            return GridPoint{};
        }
        // Beyond one world either side every tile is missed anyway; the clamp keeps
        // llround in range for coordinates that are not Web Mercator at all.
        auto grid = [world](double v) { return std::llround(std::clamp(v, -world, 2.0 * world)); };
        return GridPoint{grid((p.x_m + mercator_half_m) * scale),
                         grid((mercator_half_m - p.y_m) * scale)};
    };
    if (!feature.is_polygon()) {
        g.points.reserve(feature.points.size());
        for (const PointM& p : feature.points) g.points.push_back(to_grid(p));
    } else {
        std::vector<char> keep;
        std::vector<std::pair<std::size_t, std::size_t>> stack;
        auto convert = [&](const RingM& ring, GridRing& out) {
            out.clear();
            out.reserve(ring.size());
            for (const PointM& p : ring) out.push_back(to_grid(p));
            remove_repeats(out);
            simplify_ring(out, tolerance, keep, stack);
            if (out.size() < 3 || signed_area2(out) == 0.0) out.clear();
            return !out.empty();
        };
        for (const PolygonM& poly : feature.polygons) {
            GridPolygon gp;
            if (!convert(poly.outer, gp.outer)) continue;
            for (const RingM& hole : poly.holes) {
                GridRing h;
                if (convert(hole, h)) gp.holes.push_back(std::move(h));
            }
            g.polygons.push_back(std::move(gp));
        }
    }
    if (!finite) return ZoomGeometry{};
    bool first = true;
    auto grow = [&](const GridPoint& p) {
        if (first) {
            g.min = g.max = p;
            first = false;
            return;
        }
        g.min.x = std::min(g.min.x, p.x);
        g.min.y = std::min(g.min.y, p.y);
        g.max.x = std::max(g.max.x, p.x);
        g.max.y = std::max(g.max.y, p.y);
    };
    for (const GridPoint& p : g.points) grow(p);
    for (const GridPolygon& poly : g.polygons)
        for (const GridPoint& p : poly.outer) grow(p);  // holes lie inside the outer ring
    return g;
}

// ---------------------------------------------------------------------------------------

struct MvtLayerBuilder::Impl {
    const VtLayer& layer;
    MvtOptions options;
    std::int64_t origin_x, origin_y;  // the tile's top-left corner on the grid
    ClipBox clip;                     // the buffered tile on the grid

    std::string features;  // Layer field 2 entries
    std::string keys;      // Layer field 3 entries
    std::string values;    // Layer field 4 entries
    std::size_t count = 0;
    std::vector<std::int32_t> key_of_field;
    std::uint32_t n_keys = 0, n_values = 0;
    std::unordered_map<std::string, std::uint32_t> string_values;
    std::unordered_map<std::uint64_t, std::uint32_t> double_values;  // by bit pattern
    std::unordered_map<std::int64_t, std::uint32_t> int_values;

    // scratch
    std::vector<std::uint32_t> geometry, tags;
    std::string message;
    GridRing clip_a, clip_b, local;
    std::int64_t cursor_x = 0, cursor_y = 0;

    Impl(const VtLayer& l, const TileId& tile, const MvtOptions& o)
        : layer(l),
          options(o),
          origin_x(std::int64_t(tile.x) * o.extent),
          origin_y(std::int64_t(tile.y) * o.extent),
          clip{origin_x - o.buffer, origin_y - o.buffer, origin_x + o.extent + o.buffer,
               origin_y + o.extent + o.buffer},
          key_of_field(l.fields.size(), -1) {}

    std::uint32_t value_index(const VtValue& v) {
        message.clear();
        protozero::pbf_writer w(message);
        const std::uint32_t index = n_values;
        if (const auto* s = std::get_if<std::string>(&v)) {
            const auto [it, added] = string_values.try_emplace(*s, index);
            if (!added) return it->second;
            w.add_string(value_f::string_value, *s);
        } else if (const auto* d = std::get_if<double>(&v)) {
            std::uint64_t bits;
            std::memcpy(&bits, d, sizeof bits);
            const auto [it, added] = double_values.try_emplace(bits, index);
            if (!added) return it->second;
            w.add_double(value_f::double_value, *d);
        } else {
            const std::int64_t i = std::get<std::int64_t>(v);
            const auto [it, added] = int_values.try_emplace(i, index);
            if (!added) return it->second;
            if (i >= 0) {
                w.add_uint64(value_f::uint_value, std::uint64_t(i));
            } else {
                w.add_sint64(value_f::sint_value, i);
            }
        }
        protozero::pbf_writer(values).add_message(layer_f::values, message);
        return n_values++;
    }

    std::uint32_t key_index(std::size_t field) {
        if (key_of_field[field] < 0) {
            protozero::pbf_writer(keys).add_string(layer_f::keys, layer.fields[field]);
            key_of_field[field] = std::int32_t(n_keys++);
        }
        return std::uint32_t(key_of_field[field]);
    }

    void delta(std::int64_t x, std::int64_t y) {
        geometry.push_back(protozero::encode_zigzag32(std::int32_t(x - cursor_x)));
        geometry.push_back(protozero::encode_zigzag32(std::int32_t(y - cursor_y)));
        cursor_x = x;
        cursor_y = y;
    }

    /// Clips (unless `inside`), validates, orients and writes one ring; false if dropped.
    bool ring(const GridRing& ring, bool exterior, bool inside) {
        const GridRing* src = &ring;
        if (!inside) {
            clip_pass(ring, clip_a, Side::x_ge, clip.min_x);
            clip_pass(clip_a, clip_b, Side::x_le, clip.max_x);
            clip_pass(clip_b, clip_a, Side::y_ge, clip.min_y);
            clip_pass(clip_a, clip_b, Side::y_le, clip.max_y);
            src = &clip_b;
        }
        local.clear();
        for (const GridPoint& p : *src) local.push_back({p.x - origin_x, p.y - origin_y});
        remove_repeats(local);
        if (local.size() < 3) return false;
        std::int64_t a2 = 0;  // local coordinates are within ±(extent + buffer): exact
        for (std::size_t i = 0, n = local.size(); i < n; ++i) {
            const GridPoint& p = local[i];
            const GridPoint& q = local[(i + 1) % n];
            a2 += p.x * q.y - q.x * p.y;
        }
        if (a2 == 0) return false;
        if ((a2 > 0) != exterior) std::reverse(local.begin(), local.end());
        geometry.push_back(command(move_to, 1));
        delta(local[0].x, local[0].y);
        geometry.push_back(command(line_to, std::uint32_t(local.size() - 1)));
        for (std::size_t i = 1; i < local.size(); ++i) delta(local[i].x, local[i].y);
        geometry.push_back(command(close_path, 1));
        return true;
    }

    bool encode_geometry(const ZoomGeometry& g) {
        geometry.clear();
        cursor_x = cursor_y = 0;
        if (g.empty() || g.max.x < clip.min_x || g.min.x > clip.max_x || g.max.y < clip.min_y ||
            g.min.y > clip.max_y)
            return false;
        if (!g.points.empty()) {
            std::uint32_t n = 0;
            for (const GridPoint& p : g.points) n += clip.contains(p) ? 1 : 0;
            if (n == 0) return false;
            geometry.push_back(command(move_to, n));
            for (const GridPoint& p : g.points)
                if (clip.contains(p)) delta(p.x - origin_x, p.y - origin_y);
            return true;
        }
        const bool inside = clip.contains(g.min) && clip.contains(g.max);
        bool any = false;
        for (const GridPolygon& poly : g.polygons) {
            if (!ring(poly.outer, true, inside)) continue;
            any = true;
            for (const GridRing& hole : poly.holes) ring(hole, false, inside);
        }
        return any;
    }
};

MvtLayerBuilder::MvtLayerBuilder(const VtLayer& layer, const TileId& tile,
                                 const MvtOptions& options)
    : impl_(std::make_unique<Impl>(layer, tile, options)) {}

MvtLayerBuilder::~MvtLayerBuilder() = default;

std::size_t MvtLayerBuilder::feature_count() const { return impl_->count; }

bool MvtLayerBuilder::add(const VtFeature& feature, const ZoomGeometry& geometry) {
    Impl& m = *impl_;
    if (!m.encode_geometry(geometry)) return false;
    m.tags.clear();
    const std::size_t n = std::min(feature.values.size(), m.layer.fields.size());
    for (std::size_t i = 0; i < n; ++i) {
        const VtValue& v = feature.values[i];
        if (std::holds_alternative<std::monostate>(v)) continue;
        if (const auto* d = std::get_if<double>(&v); d && !std::isfinite(*d)) continue;
        m.tags.push_back(m.key_index(i));
        m.tags.push_back(m.value_index(v));
    }
    protozero::pbf_writer layer_w(m.features);
    protozero::pbf_writer f(layer_w, layer_f::features);
    f.add_uint64(feature_f::id, feature.id);
    if (!m.tags.empty()) f.add_packed_uint32(feature_f::tags, m.tags.begin(), m.tags.end());
    f.add_enum(feature_f::type, geometry.points.empty() ? geom_polygon : geom_point);
    f.add_packed_uint32(feature_f::geometry, m.geometry.begin(), m.geometry.end());
    ++m.count;
    return true;
}

std::string MvtLayerBuilder::finish() {
    Impl& m = *impl_;
    std::string out;
    if (m.count == 0) return out;
    std::string layer;
    {
        protozero::pbf_writer w(layer);
        w.add_uint32(layer_f::version, 2);
        w.add_string(layer_f::name, m.layer.name);
    }
    layer += m.features;
    layer += m.keys;
    layer += m.values;
    protozero::pbf_writer(layer).add_uint32(layer_f::extent, m.options.extent);
    protozero::pbf_writer(out).add_message(tile_f::layers, layer);
    m.features.clear();
    m.keys.clear();
    m.values.clear();
    m.count = 0;
    return out;
}

std::string encode_tile(const std::vector<VtLayer>& layers, const TileId& tile,
                        const MvtOptions& options) {
    std::string out;
    for (const VtLayer& layer : layers) {
        if (tile.z < layer.min_zoom || tile.z > layer.max_zoom) continue;
        MvtLayerBuilder builder(layer, tile, options);
        for (const VtFeature& f : layer.features)
            builder.add(f, prepare_geometry(f, tile.z, options.extent, options.tolerance));
        out += builder.finish();
    }
    return out;
}

}  // namespace assetmap::tiles
