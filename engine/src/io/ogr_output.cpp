#include "ogr_output.hpp"
#include <assetmap/io/gdal_drivers.hpp>

#include <assetmap/core/error.hpp>

#include <cpl_error.h>

#include <algorithm>
#include <cmath>

namespace assetmap::io::detail {

ScopedConfig::ScopedConfig(const char* key, const std::string& value) : key_(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) old_ = old, had_ = true;
    CPLSetThreadLocalConfigOption(key, value.c_str());
}

ScopedConfig::~ScopedConfig() {
    CPLSetThreadLocalConfigOption(key_, had_ ? old_.c_str() : nullptr);
}

ScopedRemove::~ScopedRemove() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

Transaction::Transaction(GDALDataset& ds, std::string where) : ds_(ds), where_(std::move(where)) {
    CPLErrorReset();
    if (ds_.StartTransaction() != OGRERR_NONE)
        fail(where_, "cannot start a transaction", "check that the output is writable");
    open_ = true;
}

Transaction::~Transaction() {
    if (open_) ds_.RollbackTransaction();
}

void Transaction::commit() {
    CPLErrorReset();
    open_ = false;
    if (ds_.CommitTransaction() != OGRERR_NONE)
        fail(where_, "cannot commit the transaction", "check the free disk space");
}

std::string layer_names(GDALDataset& ds) {
    std::string out;
    for (auto* l : ds.GetLayers()) out += (out.empty() ? "" : ", ") + std::string(l->GetName());
    return out.empty() ? "(none)" : out;
}

std::string crs_id(const OGRSpatialReference& srs, bool wkt2) {
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
    const char* wkt2_options[] = {"FORMAT=WKT2_2019", nullptr};
    copy.exportToWkt(&wkt, wkt2 ? wkt2_options : nullptr);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

std::string gdal_message() {
    std::string out;
    for (const char* c = CPLGetLastErrorMsg(); *c; ++c) {
        const bool space = *c == '\n' || *c == '\r' || *c == '\t' || *c == ' ';
        if (!space)
            out += *c;
        else if (!out.empty() && out.back() != ' ')
            out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

void fail(const std::string& where, const std::string& what, const std::string& fix) {
    const std::string gdal = gdal_message();
    throw io_error(where + ": " + what + (gdal.empty() ? "" : " (" + gdal + ")") +
                   (fix.empty() ? "" : "; " + fix));
}

GDALDriver* gdal_driver(const char* name) {
    ensure_gdal_drivers();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name);
    if (!driver)
        throw io_error(std::string("the GDAL ") + name +
                       " driver is not in this GDAL build; install the Debian package libgdal32 (tools/setup.sh does)");
    return driver;
}

void close_dataset(DatasetPtr& ds, const std::string& where) {
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() == CE_Failure)
        fail(where, "cannot finish writing", "check the free disk space");
}

bool sql_succeeds(GDALDataset& ds, const char* sql) {
    CPLErrorReset();
    auto release = [&ds](OGRLayer* l) { ds.ReleaseResultSet(l); };
    std::unique_ptr<OGRLayer, decltype(release)> result(ds.ExecuteSQL(sql, nullptr, nullptr),
                                                        release);
    return result && CPLGetLastErrorType() != CE_Failure;
}

CrsPair::CrsPair(const std::string& source_crs, const std::string& output_crs)
    : output_name_(output_crs) {
    if (source_crs.empty())
        throw crs_error("no CRS given for the layer geometries; set the study's metric CRS");
    if (source_.SetFromUserInput(source_crs.c_str()) != OGRERR_NONE)
        throw crs_error("GDAL does not know the CRS '" + source_crs +
                        "'; use an authority code such as EPSG:27700");
    if (output_.SetFromUserInput(output_crs.c_str()) != OGRERR_NONE)
        throw crs_error("GDAL does not know the output CRS '" + output_crs +
                        "'; use an authority code such as EPSG:4326");
    source_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    output_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (source_.IsSame(&output_)) return;
    CPLErrorReset();
    transform_.reset(OGRCreateCoordinateTransformation(&source_, &output_));
    if (!transform_)
        throw crs_error("no transformation from '" + source_crs + "' to '" + output_crs +
                        "': " + gdal_message());
}

OGRSpatialReference* CrsPair::output_for(const OutputLayer& layer) {
    return layer.geometry == LayerGeometry::none ? nullptr : &output_;
}

OGRwkbGeometryType geometry_type(const OutputLayer& layer) {
    switch (layer.geometry) {
    case LayerGeometry::point:
        return wkbPoint;
    case LayerGeometry::multipolygon:
        return wkbMultiPolygon;
    default:
        return wkbNone;
    }
}

namespace {

bool finite(const PointM& p) { return std::isfinite(p.x_m) && std::isfinite(p.y_m); }

OGRLinearRing to_ogr(const RingM& ring) {
    OGRLinearRing r;
    r.setNumPoints(static_cast<int>(ring.size()), false);
    for (std::size_t i = 0; i < ring.size(); ++i)
        r.setPoint(static_cast<int>(i), ring[i].x_m, ring[i].y_m);
    r.closeRings();
    return r;
}

OGRFieldType ogr_type(FieldType t) {
    switch (t) {
    case FieldType::real:
        return OFTReal;
    case FieldType::integer:
        return OFTInteger64;
    default:
        return OFTString;
    }
}

const char* type_name(FieldType t) {
    return t == FieldType::real ? "real" : t == FieldType::integer ? "integer" : "text";
}

/// Sets field i; nulls for monostate and for non-finite reals.
void set_value(OGRFeature& f, int i, const FieldDef& def, const FieldValue& v,
               const std::string& where, std::size_t row) {
    auto mismatch = [&](const char* got) {
        throw input_error(where + ":row " + std::to_string(row) + ":" + def.name,
                          std::string("a ") + got + " value in a " + type_name(def.type) +
                              " field");
    };
    if (std::holds_alternative<std::monostate>(v)) {
        f.SetFieldNull(i);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (def.type != FieldType::string) mismatch("text");
        f.SetField(i, s->c_str());
    } else if (const auto* d = std::get_if<double>(&v)) {
        if (def.type != FieldType::real) mismatch("real");
        if (std::isfinite(*d))
            f.SetField(i, *d);
        else
            f.SetFieldNull(i);
    } else {
        const auto n = std::get<std::int64_t>(v);
        if (def.type == FieldType::string) mismatch("integer");
        if (def.type == FieldType::real)
            f.SetField(i, static_cast<double>(n));
        else
            f.SetField(i, static_cast<GIntBig>(n));
    }
}

/// Longest text value of field i in bytes, clamped to what a .dbf holds (1..254).
int string_width(const OutputLayer& layer, std::size_t i) {
    std::size_t width = 1;
    for (const auto& row : layer.rows)
        if (const auto* s = std::get_if<std::string>(&row[i])) width = std::max(width, s->size());
    return static_cast<int>(std::min<std::size_t>(width, 254));
}

}  // namespace

namespace {

/// Writes row `r` of `chunk` (the fields of `layer`; `chunk.geometry` is the layer's),
/// numbered `row` in messages.
void write_row(OGRLayer& l, const OutputLayer& layer, const OutputLayer& chunk, std::size_t r,
               std::size_t row, CrsPair& crs, const std::string& where) {
    OGRFeature f(l.GetLayerDefn());
    for (std::size_t i = 0; i < layer.fields.size(); ++i)
        set_value(f, static_cast<int>(i), layer.fields[i], chunk.rows[r][i], where, row);
    if (auto g = make_geometry(chunk, r)) {
        if (crs.transform() && g->transform(crs.transform()) != OGRERR_NONE)
            throw crs_error(where + ": row " + std::to_string(row) +
                            ": cannot transform the geometry into " + crs.output_name());
        f.SetGeometryDirectly(g.release());
    }
    CPLErrorReset();
    if (l.CreateFeature(&f) != OGRERR_NONE)
        fail(where, "cannot write row " + std::to_string(row), "check the free disk space");
}

}  // namespace

bool has_geometry(const OutputLayer& layer, std::size_t row) {
    switch (layer.geometry) {
    case LayerGeometry::point:
        return finite(layer.points[row]);
    case LayerGeometry::multipolygon:
        return !layer.polygons[row].empty();
    default:
        return false;
    }
}

std::unique_ptr<OGRGeometry> make_geometry(const OutputLayer& layer, std::size_t row) {
    if (!has_geometry(layer, row)) return nullptr;
    if (layer.geometry == LayerGeometry::point)
        return std::make_unique<OGRPoint>(layer.points[row].x_m, layer.points[row].y_m);
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const auto& poly : layer.polygons[row]) {
        OGRPolygon p;
        OGRLinearRing outer = to_ogr(poly.outer);
        p.addRing(&outer);
        for (const auto& hole : poly.holes) {
            OGRLinearRing h = to_ogr(hole);
            p.addRing(&h);
        }
        out->addGeometry(&p);
    }
    return out;
}

OGRLayer* write_layer(GDALDataset& ds, const OutputLayer& layer, const LayerSpec& spec,
                      CrsPair& crs, const std::string& where) {
    CPLErrorReset();
    // GDAL 3.6 takes char** but does not modify the options.
    OGRLayer* l = ds.CreateLayer(spec.name.c_str(), spec.srs, spec.type,
                                 const_cast<char**>(spec.options.List()));
    if (!l) fail(where, "cannot create the layer", "check that the output is writable");
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const FieldDef& def = layer.fields[i];
        const std::string& name = spec.field_names.empty() ? def.name : spec.field_names[i];
        OGRFieldDefn fd(name.c_str(), ogr_type(def.type));
        if (spec.size_strings && def.type == FieldType::string) fd.SetWidth(string_width(layer, i));
        CPLErrorReset();
        if (l->CreateField(&fd) != OGRERR_NONE ||
            l->GetLayerDefn()->GetFieldCount() != static_cast<int>(i) + 1)
            fail(where, "cannot create field '" + def.name + "'", "rename the field");
        const char* stored = l->GetLayerDefn()->GetFieldDefn(static_cast<int>(i))->GetNameRef();
        if (!spec.field_names.empty() && name != stored)
            fail(where, "GDAL renamed field '" + name + "'", "report this as a bug");
    }
    if (!layer.stream) {
        for (std::size_t r = 0; r < layer.rows.size(); ++r)
            write_row(*l, layer, layer, r, r, crs, where);
        return l;
    }
    std::size_t written = 0;
    layer.stream([&](OutputLayer&& chunk) {
        chunk.geometry = layer.geometry;
        const std::size_t n = chunk.rows.size();
        const std::size_t geoms = layer.geometry == LayerGeometry::point ? chunk.points.size()
                                  : layer.geometry == LayerGeometry::multipolygon
                                      ? chunk.polygons.size()
                                      : n;
        if (geoms != n)
            throw input_error(where, "rows " + std::to_string(written) + "..: " +
                                         std::to_string(geoms) + " geometries for " +
                                         std::to_string(n) + " rows");
        for (std::size_t r = 0; r < n; ++r) {
            if (chunk.rows[r].size() != layer.fields.size())
                throw input_error(where, "row " + std::to_string(written + r) + " has " +
                                             std::to_string(chunk.rows[r].size()) +
                                             " values for " +
                                             std::to_string(layer.fields.size()) + " fields");
            if (spec.refuse_null_geometry && layer.geometry != LayerGeometry::none &&
                !has_geometry(chunk, r))
                throw input_error(where, "row " + std::to_string(written + r) +
                                             " has no geometry, which FlatGeobuf cannot "
                                             "store; write this layer to a GeoPackage");
        }
        for (std::size_t r = 0; r < n; ++r) {
            write_row(*l, layer, chunk, r, written + r, crs, where);
            if (r < chunk.polygons.size()) MultiPolygonM().swap(chunk.polygons[r]);  // written
        }
        written += n;
        chunk = OutputLayer{};  // freed before the next chunk is made
    });
    if (written != layer.stream_rows)
        throw input_error(where, "the layer's stream made " + std::to_string(written) +
                                     " rows, not the " + std::to_string(layer.stream_rows) +
                                     " announced");
    return l;
}

}  // namespace assetmap::io::detail
