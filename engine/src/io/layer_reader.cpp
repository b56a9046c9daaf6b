/// @file Reading layers back into OutputLayer tables (the inverse of write_layers).

#include <assetmap/core/error.hpp>
#include <assetmap/io/layer_reader.hpp>
#include <assetmap/io/gdal_drivers.hpp>

#include "ogr_output.hpp"

#include <cmath>
#include <limits>

namespace assetmap::io {

namespace {

using detail::DatasetPtr;

RingM ring_of(const OGRLinearRing& r) {
    RingM out;
    out.reserve(static_cast<std::size_t>(r.getNumPoints()));
    for (int i = 0; i < r.getNumPoints(); ++i) out.push_back({r.getX(i), r.getY(i)});
    return out;
}

PolygonM polygon_of(const OGRPolygon& p) {
    PolygonM out;
    if (const auto* ext = p.getExteriorRing()) out.outer = ring_of(*ext);
    for (int i = 0; i < p.getNumInteriorRings(); ++i)
        out.holes.push_back(ring_of(*p.getInteriorRing(i)));
    return out;
}

MultiPolygonM multipolygon_of(const OGRGeometry* g) {
    MultiPolygonM out;
    if (!g || g->IsEmpty()) return out;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        out.push_back(polygon_of(*g->toPolygon()));
    } else if (type == wkbMultiPolygon) {
        for (const auto* part : *g->toMultiPolygon()) out.push_back(polygon_of(*part));
    }
    return out;
}

PointM point_of(const OGRGeometry* g) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (!g || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPoint) return {nan, nan};
    const auto* p = g->toPoint();
    return {p->getX(), p->getY()};
}

OutputLayer read_one(OGRLayer& src) {
    OutputLayer out;
    out.name = src.GetName();
    const auto gtype = wkbFlatten(src.GetGeomType());
    if (gtype == wkbPoint)
        out.geometry = LayerGeometry::point;
    else if (gtype == wkbPolygon || gtype == wkbMultiPolygon)
        out.geometry = LayerGeometry::multipolygon;
    OGRFeatureDefn* defn = src.GetLayerDefn();
    const int n = defn->GetFieldCount();
    std::vector<OGRFieldType> types;
    for (int i = 0; i < n; ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(i);
        const OGRFieldType t = f->GetType();
        FieldType ft = FieldType::string;
        if (t == OFTReal) ft = FieldType::real;
        if (t == OFTInteger || t == OFTInteger64) ft = FieldType::integer;
        out.fields.push_back({f->GetNameRef(), ft});
        types.push_back(t);
    }
    src.ResetReading();
    for (auto& feature : src) {
        std::vector<FieldValue> row;
        row.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            if (!feature->IsFieldSetAndNotNull(i)) {
                row.emplace_back();
            } else if (types[static_cast<std::size_t>(i)] == OFTReal) {
                row.emplace_back(feature->GetFieldAsDouble(i));
            } else if (types[static_cast<std::size_t>(i)] == OFTInteger ||
                       types[static_cast<std::size_t>(i)] == OFTInteger64) {
                row.emplace_back(static_cast<std::int64_t>(feature->GetFieldAsInteger64(i)));
            } else {
                row.emplace_back(std::string(feature->GetFieldAsString(i)));
            }
        }
        out.rows.push_back(std::move(row));
        if (out.geometry == LayerGeometry::point)
            out.points.push_back(point_of(feature->GetGeometryRef()));
        else if (out.geometry == LayerGeometry::multipolygon)
            out.polygons.push_back(multipolygon_of(feature->GetGeometryRef()));
    }
    return out;
}

}  // namespace

ReadLayers read_layers(const std::string& path, const std::vector<std::string>& names) {
    ensure_gdal_drivers();
    DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds)
        throw input_error(path, "cannot open (" + detail::gdal_message() +
                                    "); give the path of a GeoPackage written by assetmap");
    ReadLayers out;
    auto take = [&](OGRLayer& l) {
        if (out.crs.empty() && wkbFlatten(l.GetGeomType()) != wkbNone) {
            const OGRSpatialReference* srs = l.GetSpatialRef();
            out.crs = srs ? detail::crs_id(*srs, /*wkt2=*/false) : "";
        }
        out.layers.push_back(read_one(l));
    };
    if (names.empty()) {
        for (auto* l : ds->GetLayers()) take(*l);
    } else {
        for (const auto& name : names) {
            OGRLayer* l = ds->GetLayerByName(name.c_str());
            if (!l)
                throw input_error(path, "has no layer '" + name + "'; its layers are: " +
                                            detail::layer_names(*ds));
            take(*l);
        }
    }
    return out;
}

}  // namespace assetmap::io
