#include <assetmap/core/geometry.hpp>

namespace assetmap {

namespace {
template <typename Fn>
void for_each_point(const MultiPolygonM& mp, Fn&& fn) {
    for (const auto& poly : mp) {
        for (const auto& p : poly.outer) fn(p);
        for (const auto& hole : poly.holes)
            for (const auto& p : hole) fn(p);
    }
}
}  // namespace

BoxM bounds(const MultiPolygonM& mp) {
    BoxM box;
    for_each_point(mp, [&](const PointM& p) { box.expand(p); });
    return box;
}

bool all_finite(const MultiPolygonM& mp) {
    bool ok = true;
    for_each_point(mp, [&](const PointM& p) {
        ok = ok && std::isfinite(p.x_m) && std::isfinite(p.y_m);
    });
    return ok;
}

std::size_t vertex_count(const MultiPolygonM& mp) {
    std::size_t n = 0;
    for_each_point(mp, [&](const PointM&) { ++n; });
    return n;
}

}  // namespace assetmap
