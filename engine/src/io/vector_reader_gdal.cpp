/// @file detail::read_with_gdal: a vector layer's features read with GDAL/OGR (any format it
/// reads), fields and geometry in the source CRS; read_vector (vector_reader.cpp) checks and
/// transforms them. The only GDAL code on read_vector's path, kept apart so that a program
/// that reads only simple GeoJSON (the `count` front, tools/front) links no GDAL.

#include "ogr_output.hpp"
#include "vector_reader_detail.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/gdal_drivers.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

namespace assetmap::io {

namespace {

using detail::RawFeature;
using detail::RawLayer;

using detail::DatasetPtr;
using detail::layer_names;

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

const char* want_name(GeometryWant w) {
    switch (w) {
        case GeometryWant::points: return "points";
        case GeometryWant::polygons: return "polygons";
        case GeometryWant::points_or_polygons: return "points or polygons";
    }
    return "";
}

/// Sets a spatial filter on `layer`: filter_box of `box` (nothing when there is none).
void set_filter(OGRLayer& layer, const BoxM& box, const CrsTransform& t) {
    const auto source = detail::filter_box(box, t);
    if (source)
        layer.SetSpatialFilterRect(source->min_x_m, source->min_y_m, source->max_x_m,
                                   source->max_y_m);
}

}  // namespace

namespace detail {

/// Opens the layer with GDAL and reads its features (one thread): fields, and geometry in
/// the source CRS. Throws input_error for what cannot be read (see read_vector).
RawLayer read_with_gdal(const VectorRequest& req) {
    ensure_gdal_drivers();
    CPLErrorReset();
    DatasetPtr opened;
    if (!req.dataset)
        opened.reset(GDALDataset::Open(req.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    GDALDataset* ds = req.dataset ? req.dataset : opened.get();
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
        source_crs = detail::crs_id(*srs, /*wkt2=*/true);
    }
    out.source_crs = source_crs;

    if (!req.within.empty())
        set_filter(*layer, req.within, detail::request_transform(req, source_crs));
    // Fields not asked for are not read (a GeoPackage is then queried for the others only;
    // an atlas's assets have 13 columns, 4 of them wanted).
    std::vector<const char*> ignored;
    if (!req.all_attributes) {
        for (int k = 0; k < defn->GetFieldCount(); ++k)
            if (std::find(index.begin(), index.end(), k) == index.end())
                ignored.push_back(defn->GetFieldDefn(k)->GetNameRef());
        if (!ignored.empty()) {
            ignored.push_back(nullptr);
            if (layer->SetIgnoredFields(ignored.data()) != OGRERR_NONE) ignored.clear();
        }
    }
    // A caller's dataset is left as found: no filter and no ignored fields once the features
    // are read.
    struct LayerReset {
        OGRLayer* layer;
        bool filter, fields;
        ~LayerReset() {
            if (filter) layer->SetSpatialFilter(nullptr);
            if (fields) layer->SetIgnoredFields(nullptr);
        }
    } layer_reset{layer, !req.within.empty(), !ignored.empty()};

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

}  // namespace detail

}  // namespace assetmap::io
