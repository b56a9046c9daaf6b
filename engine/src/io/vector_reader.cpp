#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/vector_reader.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <memory>

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

class FeatureConverter {
public:
    FeatureConverter(const CrsTransform& t, ProblemReport& p, std::string src, std::string layer)
        : t_(t), problems_(p), source_(std::move(src)), layer_(std::move(layer)) {}

    void report(ProblemKind kind, std::int64_t fid, const std::string& msg) {
        problems_.add(Problem{kind, source_, layer_, "fid " + std::to_string(fid), "", msg, {}});
    }

    /// Converts a point; false (and a report) if its coordinates are unusable.
    bool point(const OGRPoint& pt, std::int64_t fid, VectorFeature& f) {
        const double x = pt.getX(), y = pt.getY();
        if (!std::isfinite(x) || !std::isfinite(y)) {
            report(ProblemKind::bad_coordinate, fid, "coordinate is NaN or infinite; not used");
            return false;
        }
        if (!t_.in_source_area_of_use(x, y)) {
            note_out_of_range(x, y);
            report(ProblemKind::bad_coordinate, fid,
                   "coordinate (" + std::to_string(x) + ", " + std::to_string(y) +
                       ") is outside the range of " + t_.source_crs() +
                       "; check the source's CRS (set crs in the study file)");
            return false;
        }
        auto m = t_.to_metric(x, y);
        if (!m) {
            report(ProblemKind::bad_coordinate, fid, "coordinate cannot be transformed; not used");
            return false;
        }
        f.point = *m;
        return true;
    }

    bool ring(const OGRLinearRing& r, std::int64_t fid, RingM& out) {
        out.reserve(r.getNumPoints());
        for (int i = 0; i < r.getNumPoints(); ++i) {
            const double x = r.getX(i), y = r.getY(i);
            if (!std::isfinite(x) || !std::isfinite(y) || !t_.in_source_area_of_use(x, y)) {
                if (std::isfinite(x) && std::isfinite(y)) note_out_of_range(x, y);
                report(ProblemKind::bad_coordinate, fid,
                       "polygon vertex " + std::to_string(i) + " is NaN or outside the range of " +
                           t_.source_crs() + "; not used");
                return false;
            }
            auto m = t_.to_metric(x, y);
            if (!m) {
                report(ProblemKind::bad_coordinate, fid, "vertex cannot be transformed; not used");
                return false;
            }
            out.push_back(*m);
        }
        return true;
    }

    bool polygon(const OGRPolygon& poly, std::int64_t fid, MultiPolygonM& out) {
        if (poly.IsEmpty()) return true;
        PolygonM p;
        if (!ring(*poly.getExteriorRing(), fid, p.outer)) return false;
        for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
            RingM hole;
            if (!ring(*poly.getInteriorRing(i), fid, hole)) return false;
            p.holes.push_back(std::move(hole));
        }
        out.push_back(std::move(p));
        return true;
    }

    /// When nothing could be used because the coordinates are not degrees at all (a GeoJSON
    /// in metres without a "crs" member is read as lon/lat), the error that says so.
    void check_not_all_metres(std::size_t kept, const std::string& where) const {
        if (kept > 0 || out_of_range_ == 0 || !t_.source_is_geographic()) return;
        if (std::fabs(first_x_) <= 360 && std::fabs(first_y_) <= 180) return;
        char xy[96];
        std::snprintf(xy, sizeof xy, "(%.1f, %.1f)", first_x_, first_y_);
        throw input_error(where, "no feature could be used: its coordinates, e.g. " +
                                     std::string(xy) + ", are not degrees of " + t_.source_crs() +
                                     " but look like metres (a GeoJSON without a \"crs\" member "
                                     "is read as lon/lat); set crs = \"EPSG:27700\" (or the "
                                     "right code) for this source in the study file");
    }

private:
    void note_out_of_range(double x, double y) {
        if (out_of_range_++ == 0) first_x_ = x, first_y_ = y;
    }

    const CrsTransform& t_;
    ProblemReport& problems_;
    std::string source_;
    std::string layer_;
    std::size_t out_of_range_ = 0;
    double first_x_ = 0, first_y_ = 0;
};

const char* want_name(GeometryWant w) {
    switch (w) {
        case GeometryWant::points: return "points";
        case GeometryWant::polygons: return "polygons";
        case GeometryWant::points_or_polygons: return "points or polygons";
    }
    return "";
}

}  // namespace

VectorData read_vector(const VectorRequest& req, ProblemReport& problems) {
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
    VectorData out;
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
    const CrsTransform transform(source_crs, req.target_crs);
    out.source_crs = source_crs.size() > 40 ? "(WKT)" : source_crs;
    out.transform = transform.description();

    FeatureConverter conv(transform, problems, req.path, out.layer);
    layer->ResetReading();
    for (auto& feature : *layer) {
        ++out.features_read;
        VectorFeature f;
        f.fid = feature->GetFID();
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g || g->IsEmpty()) {
            conv.report(ProblemKind::empty_geometry, f.fid, "null or empty geometry; not used");
            continue;
        }
        const auto t = wkbFlatten(g->getGeometryType());
        bool ok = false;
        if (t == wkbPoint && req.want != GeometryWant::polygons) {
            ok = conv.point(*g->toPoint(), f.fid, f);
        } else if (t == wkbMultiPoint && req.want != GeometryWant::polygons &&
                   g->toMultiPoint()->getNumGeometries() == 1) {
            ok = conv.point(*g->toMultiPoint()->getGeometryRef(0), f.fid, f);
        } else if (t == wkbPolygon && req.want != GeometryWant::points) {
            f.is_polygon = true;
            ok = conv.polygon(*g->toPolygon(), f.fid, f.polygon);
        } else if (t == wkbMultiPolygon && req.want != GeometryWant::points) {
            f.is_polygon = true;
            ok = true;
            for (const auto* part : *g->toMultiPolygon())
                ok = ok && conv.polygon(*part, f.fid, f.polygon);
        } else {
            conv.report(ProblemKind::wrong_geometry_type, f.fid,
                        std::string(OGRGeometryTypeToName(t)) + " where " + want_name(req.want) +
                            " were expected; not used");
            continue;
        }
        if (!ok) continue;
        if (f.is_polygon && f.polygon.empty()) {
            conv.report(ProblemKind::empty_geometry, f.fid, "empty polygon; not used");
            continue;
        }
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
        out.features.push_back(std::move(f));
    }
    conv.check_not_all_metres(out.features.size(), where);
    return out;
}

}  // namespace assetmap::io
