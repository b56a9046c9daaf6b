// The study's areas and assets as Mapnik features (see mapnik_features.hpp).

#include "mapnik_features.hpp"

#include <assetmap/tiles/label_point.hpp>

#include <mapnik/feature_factory.hpp>

#include <memory>

namespace assetmap::tiles::detail {

namespace {

mapnik::geometry::linear_ring<double> to_ring(const RingM& ring) {
    mapnik::geometry::linear_ring<double> out;
    out.reserve(ring.size() + 1);
    for (const PointM& p : ring) out.emplace_back(p.x_m, p.y_m);
    if (!ring.empty() && !(ring.front() == ring.back()))
        out.emplace_back(ring.front().x_m, ring.front().y_m);
    return out;
}

}  // namespace

mapnik::geometry::multi_polygon<double> to_multi_polygon(const MultiPolygonM& shape) {
    mapnik::geometry::multi_polygon<double> mp;
    for (const PolygonM& poly : shape) {
        if (poly.outer.size() < 3) continue;
        mapnik::geometry::polygon<double> p;
        p.set_exterior_ring(to_ring(poly.outer));
        for (const RingM& hole : poly.holes)
            if (hole.size() >= 3) p.add_hole(to_ring(hole));
        mp.push_back(std::move(p));
    }
    return mp;
}

mapnik::context_ptr area_context(const std::string& indicator) {
    auto ctx = std::make_shared<mapnik::context_type>();
    for (const char* key : {"code", "name", "class"}) ctx->push(key);
    if (indicator != "code" && indicator != "name" && indicator != "class") ctx->push(indicator);
    return ctx;
}

mapnik::context_ptr asset_context() {
    auto ctx = std::make_shared<mapnik::context_type>();
    for (const char* key : {"category", "domain", "name"}) ctx->push(key);
    return ctx;
}

std::optional<AreaFeatures> area_features(const mapnik::context_ptr& ctx,
                                          mapnik::value_integer id, const RasterArea& a,
                                          const std::string& indicator,
                                          const mapnik::transcoder& tr) {
    auto mp = to_multi_polygon(a.shape);
    if (mp.empty()) return std::nullopt;
    AreaFeatures out;
    out.anchor = label_point(a.shape);
    for (int label = 0; label < 2; ++label) {
        auto f = mapnik::feature_factory::create(ctx, id);
        f->put("code", tr.transcode(a.code.c_str()));
        f->put("name", tr.transcode(a.name.c_str()));
        f->put("class", mapnik::value_integer(a.class_index));
        if (a.value)
            f->put(indicator, mapnik::value_double(*a.value));
        else
            f->put(indicator, mapnik::value_null());
        if (label) {
            f->set_geometry(mapnik::geometry::geometry<double>(
                mapnik::geometry::point<double>(out.anchor.x_m, out.anchor.y_m)));
            out.label = std::move(f);
        } else {
            f->set_geometry(mapnik::geometry::geometry<double>(std::move(mp)));
            out.shape = std::move(f);
        }
    }
    return out;
}

mapnik::feature_ptr asset_feature(const mapnik::context_ptr& ctx, mapnik::value_integer id,
                                  const RasterAsset& a, const mapnik::transcoder& tr) {
    auto f = mapnik::feature_factory::create(ctx, id);
    f->put("category", tr.transcode(a.category.c_str()));
    f->put("domain", tr.transcode(a.domain.c_str()));
    f->put("name", tr.transcode(a.name.c_str()));
    f->set_geometry(mapnik::geometry::geometry<double>(
        mapnik::geometry::point<double>(a.position.x_m, a.position.y_m)));
    return f;
}

}  // namespace assetmap::tiles::detail
