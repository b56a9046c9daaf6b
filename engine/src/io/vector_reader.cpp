/// @file read_vector: a layer read (simdjson for a simple GeoJSON, else GDAL through
/// detail::read_with_gdal in vector_reader_gdal.cpp), checked and transformed to the metric CRS.

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/vector_reader.hpp>

#include "vector_reader_detail.hpp"

#include <assetmap/core/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

namespace assetmap::io {

namespace {

using detail::RawFeature;
using detail::RawLayer;

/// When nothing could be used because the coordinates are not degrees at all (a GeoJSON
/// in metres without a "crs" member is read as lon/lat), the error that says so.
void check_not_all_metres(std::size_t kept, const std::optional<PointM>& first_out_of_range,
                          const CrsTransform& t, const std::string& where) {
    if (kept > 0 || !first_out_of_range || !t.source_is_geographic()) return;
    const double x = first_out_of_range->x_m, y = first_out_of_range->y_m;
    if (std::fabs(x) <= 360 && std::fabs(y) <= 180) return;
    char xy[96];
    std::snprintf(xy, sizeof xy, "(%.1f, %.1f)", x, y);
    throw input_error(where, "no feature could be used: its coordinates, e.g. " + std::string(xy) +
                                 ", are not degrees of " + t.source_crs() +
                                 " but look like metres (a GeoJSON without a \"crs\" member is "
                                 "read as lon/lat); set crs = \"EPSG:27700\" (or the right "
                                 "code) for this source in the study file");
}

/// Checks and transforms the points among raws[begin, end) with one PROJ call per chunk
/// (the same results and problems as convert() point by point).
void convert_points(std::vector<RawFeature>& raws, std::size_t begin, std::size_t end,
                    const CrsTransform& t, std::vector<unsigned char>& inside) {
    std::vector<std::size_t> at;
    std::vector<double> xs, ys;
    for (std::size_t i = begin; i < end; ++i) {
        RawFeature& raw = raws[i];
        if (raw.problem || !raw.is_point) continue;
        if (!std::isfinite(raw.px) || !std::isfinite(raw.py)) {
            raw.problem.emplace(ProblemKind::bad_coordinate,
                                "coordinate is NaN or infinite; not used");
            continue;
        }
        at.push_back(i);
        xs.push_back(raw.px);
        ys.push_back(raw.py);
    }
    t.in_source_area_of_use_batch(xs.data(), ys.data(), xs.size(), inside);
    t.to_metric_batch(xs.data(), ys.data(), xs.size());
    for (std::size_t k = 0; k < at.size(); ++k) {
        RawFeature& raw = raws[at[k]];
        const double x = raw.px, y = raw.py;
        if (!inside[k]) {
            raw.out_of_range = PointM{x, y};
            raw.problem.emplace(ProblemKind::bad_coordinate,
                                "coordinate (" + std::to_string(x) + ", " + std::to_string(y) +
                                    ") is outside the range of " + t.source_crs() +
                                    "; check the source's CRS (set crs in the study file)");
        } else if (std::isnan(xs[k])) {
            raw.problem.emplace(ProblemKind::bad_coordinate,
                                "coordinate cannot be transformed; not used");
        } else {
            raw.feature.point = PointM{xs[k], ys[k]};
        }
    }
}

}  // namespace

namespace detail {

std::optional<BoxM> filter_box(const BoxM& box, const CrsTransform& t) {
    constexpr int steps = 32;
    BoxM source;
    for (int i = 0; i <= steps; ++i) {
        const double fx = box.min_x_m + (box.max_x_m - box.min_x_m) * i / steps;
        const double fy = box.min_y_m + (box.max_y_m - box.min_y_m) * i / steps;
        for (const PointM& p : {PointM{fx, box.min_y_m}, PointM{fx, box.max_y_m},
                                PointM{box.min_x_m, fy}, PointM{box.max_x_m, fy}}) {
            const auto s = t.to_source(p);
            if (!s || !std::isfinite(s->lon_deg) || !std::isfinite(s->lat_deg)) return std::nullopt;
            source.expand({s->lon_deg, s->lat_deg});
        }
    }
    const double mx = 0.01 * (source.max_x_m - source.min_x_m) + 1e-9;
    const double my = 0.01 * (source.max_y_m - source.min_y_m) + 1e-9;
    return BoxM{source.min_x_m - mx, source.min_y_m - my, source.max_x_m + mx,
                source.max_y_m + my};
}

}  // namespace detail

VectorData read_vector(const VectorRequest& req, ProblemReport& problems) {
    // 1. The features as read, in the source CRS: a simple GeoJSON with simdjson, anything
    //    else (or any doubt) with GDAL.
    //    A GeoPackage layer that GDAL would read to the same values, with SQLite.
    std::optional<RawLayer> layer;
    if (!req.gdal_only && req.within.empty() && !req.dataset)
        layer = detail::read_simple_geojson(req);
    VectorData out;
    if (layer) {
        if (!req.crs_override.empty()) layer->source_crs = req.crs_override;
        out.reader = "simdjson";
    } else if (!req.gdal_only && (layer = detail::read_simple_geopackage(req))) {
        out.reader = "SQLite";
    } else {
        layer = detail::read_with_gdal(req);
        out.reader = "GDAL";
    }
    std::vector<RawFeature>& raws = layer->raws;
    out.layer = layer->layer;
    out.features_read = layer->features_read;
    const std::string where = req.path + ":" + out.layer;
    const std::string& source_crs = layer->source_crs;
    const CrsTransform transform = detail::request_transform(req, source_crs);
    out.source_crs = source_crs.size() > 40 ? "(WKT)" : source_crs;
    out.transform = transform.description();

    // 2. Check and transform the geometries, on `threads` threads (one PROJ context each):
    //    points in chunks of features, polygons by distinct vertex.
    std::vector<std::optional<CrsTransform>> clones(std::max(1U, req.threads));
    const auto transform_of = [&](unsigned worker) -> const CrsTransform& {
        if (worker == 0) return transform;
        if (!clones[worker]) clones[worker] = transform.clone();
        return *clones[worker];
    };
    parallel_chunks(raws.size(), req.threads, 16,
                    [&](std::size_t begin, std::size_t end, unsigned worker) {
                        thread_local std::vector<unsigned char> inside;
                        convert_points(raws, begin, end, transform_of(worker), inside);
                    });
    detail::convert_polygons(raws, req.threads, transform_of);

    // 3. Problems and features in feature order.
    std::optional<PointM> first_out_of_range;
    for (RawFeature& raw : raws) {
        if (raw.out_of_range && !first_out_of_range) first_out_of_range = raw.out_of_range;
        if (!raw.problem && raw.feature.is_polygon && raw.feature.polygon.empty())
            raw.problem.emplace(ProblemKind::empty_geometry, "empty polygon; not used");
        if (raw.problem) {
            problems.add(Problem{raw.problem->first, req.path, out.layer,
                                 "fid " + std::to_string(raw.feature.fid), "",
                                 raw.problem->second, {}});
            continue;
        }
        out.features.push_back(std::move(raw.feature));
    }
    check_not_all_metres(out.features.size(), first_out_of_range, transform, where);
    return out;
}

}  // namespace assetmap::io
