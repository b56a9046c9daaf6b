#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/io/gdal_drivers.hpp>

#include "vector_reader_detail.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <assetmap/core/parallel.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

namespace assetmap::io {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string layer_names(GDALDataset& ds) {
    std::string out;
    for (auto* l : ds.GetLayers()) out += (out.empty() ? "" : ", ") + std::string(l->GetName());
    return out.empty() ? "(none)" : out;
}

/// "EPSG:4326"-style id for a layer's CRS, or its WKT when it has no authority code.
std::string crs_id(const OGRSpatialReference& srs) {
    OGRSpatialReference copy(srs);
    const char* name = copy.GetAuthorityName(nullptr);
    const char* code = copy.GetAuthorityCode(nullptr);
    if (!name || !code) {
        copy.AutoIdentifyEPSG();
        name = copy.GetAuthorityName(nullptr);
        code = copy.GetAuthorityCode(nullptr);
    }
    if (name && code) return std::string(name) + ":" + code;
    char* wkt = nullptr;
    const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
    copy.exportToWkt(&wkt, opts);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

using detail::RawFeature;
using detail::RawLayer;

/// Checks and transforms the polygons of one feature (any thread; `t` is that thread's);
/// points go through convert_points.
void convert(RawFeature& raw, const CrsTransform& t, std::vector<unsigned char>& inside) {
    VectorFeature& f = raw.feature;
    // Rings in order (each polygon's outer ring, then its holes): the first vertex out of
    // range, or the first that PROJ cannot transform, ends the feature, as it would read
    // vertex by vertex (a range check comes before the transform of the same vertex).
    std::vector<double> xs, ys;
    for (PolygonM& poly : f.polygon) {
        for (std::size_t r = 0; r <= poly.holes.size(); ++r) {
            RingM& ring = r == 0 ? poly.outer : poly.holes[r - 1];
            const std::size_t n = ring.size();
            xs.resize(n);
            ys.resize(n);
            for (std::size_t i = 0; i < n; ++i) xs[i] = ring[i].x_m, ys[i] = ring[i].y_m;
            t.in_source_area_of_use_batch(xs.data(), ys.data(), n, inside);
            t.to_metric_batch(xs.data(), ys.data(), n);
            for (std::size_t i = 0; i < n; ++i) {
                if (!inside[i]) {
                    if (std::isfinite(ring[i].x_m) && std::isfinite(ring[i].y_m))
                        raw.out_of_range = ring[i];
                    raw.problem.emplace(ProblemKind::bad_coordinate,
                                        "polygon vertex " + std::to_string(i) +
                                            " is NaN or outside the range of " + t.source_crs() +
                                            "; not used");
                    return;
                }
                if (std::isnan(xs[i])) {
                    raw.problem.emplace(ProblemKind::bad_coordinate,
                                        "vertex cannot be transformed; not used");
                    return;
                }
                ring[i] = PointM{xs[i], ys[i]};
            }
        }
    }
}

/// Copies an OGR ring as it is (source CRS; the transform comes later).
RingM raw_ring(const OGRLinearRing& r) {
    RingM out;
    out.reserve(static_cast<std::size_t>(r.getNumPoints()));
    for (int i = 0; i < r.getNumPoints(); ++i) out.push_back(PointM{r.getX(i), r.getY(i)});
    return out;
}

void raw_polygon(const OGRPolygon& poly, MultiPolygonM& out) {
    if (poly.IsEmpty()) return;
    PolygonM p;
    p.outer = raw_ring(*poly.getExteriorRing());
    for (int i = 0; i < poly.getNumInteriorRings(); ++i)
        p.holes.push_back(raw_ring(*poly.getInteriorRing(i)));
    out.push_back(std::move(p));
}

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

const char* want_name(GeometryWant w) {
    switch (w) {
        case GeometryWant::points: return "points";
        case GeometryWant::polygons: return "polygons";
        case GeometryWant::points_or_polygons: return "points or polygons";
    }
    return "";
}

/// Sets a spatial filter on `layer`: the box of the target CRS, its edges transformed to the
/// source CRS (33 points an edge), widened by 1 % of its size. Nothing is set when a point
/// cannot be transformed (every feature is read).
void set_filter(OGRLayer& layer, const BoxM& box, const CrsTransform& t) {
    constexpr int steps = 32;
    BoxM source;
    for (int i = 0; i <= steps; ++i) {
        const double fx = box.min_x_m + (box.max_x_m - box.min_x_m) * i / steps;
        const double fy = box.min_y_m + (box.max_y_m - box.min_y_m) * i / steps;
        for (const PointM& p : {PointM{fx, box.min_y_m}, PointM{fx, box.max_y_m},
                                PointM{box.min_x_m, fy}, PointM{box.max_x_m, fy}}) {
            const auto s = t.to_source(p);
            if (!s || !std::isfinite(s->lon_deg) || !std::isfinite(s->lat_deg)) return;
            source.expand({s->lon_deg, s->lat_deg});
        }
    }
    const double mx = 0.01 * (source.max_x_m - source.min_x_m) + 1e-9;
    const double my = 0.01 * (source.max_y_m - source.min_y_m) + 1e-9;
    layer.SetSpatialFilterRect(source.min_x_m - mx, source.min_y_m - my, source.max_x_m + mx,
                               source.max_y_m + my);
}

/// Opens the layer with GDAL and reads its features (one thread): fields, and geometry in
/// the source CRS. Throws input_error for what cannot be read (see read_vector).
RawLayer read_with_gdal(const VectorRequest& req) {
    ensure_gdal_drivers();
    CPLErrorReset();
    DatasetPtr ds(GDALDataset::Open(req.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        const std::string why = CPLGetLastErrorMsg();
        throw input_error(req.path, "cannot open as a vector dataset" +
                                        (why.empty() ? std::string() : " (" + why + ")") +
                                        "; check the path and that it is a GIS vector file "
                                        "(GeoJSON, GeoPackage, Shapefile, …)");
    }
    OGRLayer* layer = req.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(req.layer.c_str());
    if (!layer)
        throw input_error(req.path, (req.layer.empty() ? std::string("no layer")
                                                       : "no layer '" + req.layer + "'") +
                                        "; its layers are: " + layer_names(*ds));
    RawLayer out;
    out.layer = layer->GetName();
    const std::string where = req.path + ":" + out.layer;

    const auto gtype = wkbFlatten(layer->GetGeomType());
    const bool layer_points = gtype == wkbPoint || gtype == wkbMultiPoint;
    const bool layer_polys = gtype == wkbPolygon || gtype == wkbMultiPolygon;
    if (gtype == wkbNone)
        throw input_error(where, "has no geometry; expected " + std::string(want_name(req.want)) +
                                     " (for a table with coordinates use format = \"csv\")");
    if ((req.want == GeometryWant::points && layer_polys) ||
        (req.want == GeometryWant::polygons && layer_points) ||
        gtype == wkbLineString || gtype == wkbMultiLineString)
        throw input_error(where, std::string("has ") + OGRGeometryTypeToName(gtype) +
                                     " geometry; expected " + want_name(req.want) +
                                     " — point the study file at the right layer");

    // Field indexes.
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::vector<int> index;
    for (const auto& name : req.fields) {
        if (name.empty()) {
            index.push_back(-1);
            continue;
        }
        const int i = defn->GetFieldIndex(name.c_str());
        if (i < 0 && defn->GetFieldCount() == 0) {
            const auto n = layer->GetFeatureCount();
            throw input_error(where, n == 0 ? "is empty (no features, no fields); point the study "
                                              "file at the file that holds the data"
                                            : "has no fields at all, so no field '" + name +
                                                  "'; point the study file at the right file");
        }
        if (i < 0) {
            std::string have;
            for (int k = 0; k < defn->GetFieldCount(); ++k)
                have += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
            throw input_error(where, "no field '" + name + "'; its fields are: " + have +
                                         " — set the field name in the study file");
        }
        index.push_back(i);
    }

    // CRS.
    std::string source_crs = req.crs_override;
    if (source_crs.empty()) {
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        if (!srs)
            throw input_error(where, "has no CRS; add crs = \"EPSG:4326\" (or the right code) "
                                     "for this source in the study file");
        source_crs = crs_id(*srs);
    }
    out.source_crs = source_crs;

    if (!req.within.empty())
        set_filter(*layer, req.within, CrsTransform::shared(source_crs, req.target_crs));

    // Every feature: a problem that needs no transform is settled here; every problem is
    // reported in feature order at the end (read_vector).
    std::vector<RawFeature>& raws = out.raws;
    layer->ResetReading();
    for (auto& feature : *layer) {
        ++out.features_read;
        RawFeature raw;
        VectorFeature& f = raw.feature;
        f.fid = feature->GetFID();
        const OGRGeometry* g = feature->GetGeometryRef();
        const auto t = g && !g->IsEmpty() ? wkbFlatten(g->getGeometryType()) : wkbUnknown;
        if (!g || g->IsEmpty()) {
            raw.problem.emplace(ProblemKind::empty_geometry, "null or empty geometry; not used");
        } else if (t == wkbPoint && req.want != GeometryWant::polygons) {
            raw.is_point = true;
            raw.px = g->toPoint()->getX(), raw.py = g->toPoint()->getY();
        } else if (t == wkbMultiPoint && req.want != GeometryWant::polygons &&
                   g->toMultiPoint()->getNumGeometries() == 1) {
            raw.is_point = true;
            const OGRPoint* p = g->toMultiPoint()->getGeometryRef(0);
            raw.px = p->getX(), raw.py = p->getY();
        } else if (t == wkbPolygon && req.want != GeometryWant::points) {
            f.is_polygon = true;
            raw_polygon(*g->toPolygon(), f.polygon);
        } else if (t == wkbMultiPolygon && req.want != GeometryWant::points) {
            f.is_polygon = true;
            for (const auto* part : *g->toMultiPolygon()) raw_polygon(*part, f.polygon);
        } else {
            raw.problem.emplace(ProblemKind::wrong_geometry_type,
                                std::string(OGRGeometryTypeToName(t)) + " where " +
                                    want_name(req.want) + " were expected; not used");
        }
        if (!raw.problem) {
            for (int i : index) {
                if (i < 0 || !feature->IsFieldSetAndNotNull(i)) {
                    f.values.emplace_back();
                    f.is_null.push_back(true);
                } else {
                    f.values.emplace_back(feature->GetFieldAsString(i));
                    f.is_null.push_back(false);
                }
            }
            if (req.all_attributes) {
                for (int i = 0; i < defn->GetFieldCount(); ++i)
                    if (feature->IsFieldSetAndNotNull(i))
                        f.attributes.emplace_back(defn->GetFieldDefn(i)->GetNameRef(),
                                                  feature->GetFieldAsString(i));
            }
        }
        raws.push_back(std::move(raw));
    }
    // A spatial filter may return features in the order of its index: back to the order of
    // their ids (a GeoPackage's order without filter).
    if (!req.within.empty())
        std::stable_sort(raws.begin(), raws.end(), [](const RawFeature& a, const RawFeature& b) {
            return a.feature.fid < b.feature.fid;
        });
    return out;
}

}  // namespace

VectorData read_vector(const VectorRequest& req, ProblemReport& problems) {
    // 1. The features as read, in the source CRS: a simple GeoJSON with simdjson, anything
    //    else (or any doubt) with GDAL.
    std::optional<RawLayer> layer;
    if (!req.gdal_only && req.within.empty()) layer = detail::read_simple_geojson(req);
    VectorData out;
    if (layer) {
        if (!req.crs_override.empty()) layer->source_crs = req.crs_override;
        out.reader = "simdjson";
    } else {
        layer = read_with_gdal(req);
        out.reader = "GDAL";
    }
    std::vector<RawFeature>& raws = layer->raws;
    out.layer = layer->layer;
    out.features_read = layer->features_read;
    const std::string where = req.path + ":" + out.layer;
    const std::string& source_crs = layer->source_crs;
    const CrsTransform transform = CrsTransform::shared(source_crs, req.target_crs);
    out.source_crs = source_crs.size() > 40 ? "(WKT)" : source_crs;
    out.transform = transform.description();

    // 2. Check and transform the geometries, on `threads` threads (one PROJ context each).
    std::vector<std::optional<CrsTransform>> clones(std::max(1U, req.threads));
    parallel_chunks(raws.size(), req.threads, 16,
                    [&](std::size_t begin, std::size_t end, unsigned worker) {
                        thread_local std::vector<unsigned char> inside;
                        if (worker > 0 && !clones[worker]) clones[worker] = transform.clone();
                        const CrsTransform& t = worker == 0 ? transform : *clones[worker];
                        convert_points(raws, begin, end, t, inside);
                        for (std::size_t i = begin; i < end; ++i)
                            if (!raws[i].problem && !raws[i].is_point) convert(raws[i], t, inside);
                    });

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
