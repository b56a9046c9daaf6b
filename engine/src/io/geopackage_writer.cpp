#include <assetmap/core/error.hpp>
#include <assetmap/io/geopackage_writer.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace fs = std::filesystem;

namespace assetmap::io {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    const std::string gdal = CPLGetLastErrorMsg();
    throw io_error(path + ": " + what + (gdal.empty() ? "" : " (" + gdal + ")"));
}

/// Sets a thread-local GDAL config option for the lifetime of the object.
class ScopedConfig {
public:
    ScopedConfig(const char* key, const std::string& value) : key_(key) {
        const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
        if (old) old_ = old, had_ = true;
        CPLSetThreadLocalConfigOption(key, value.c_str());
    }
    ~ScopedConfig() { CPLSetThreadLocalConfigOption(key_, had_ ? old_.c_str() : nullptr); }

private:
    const char* key_;
    std::string old_;
    bool had_ = false;
};

OGRLinearRing to_ogr(const RingM& ring) {
    OGRLinearRing r;
    r.setNumPoints(static_cast<int>(ring.size()), false);
    for (std::size_t i = 0; i < ring.size(); ++i)
        r.setPoint(static_cast<int>(i), ring[i].x_m, ring[i].y_m);
    r.closeRings();
    return r;
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygonM& mp) {
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const auto& poly : mp) {
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

class Writer {
public:
    Writer(GDALDataset& ds, const OGRSpatialReference* srs, std::string path)
        : ds_(ds), srs_(srs), path_(std::move(path)) {}

    OGRLayer* layer(const char* name, OGRwkbGeometryType type,
                    std::initializer_list<std::pair<const char*, OGRFieldType>> fields) {
        const char* opts[] = {"SPATIAL_INDEX=YES", "FID=fid", nullptr};
        OGRLayer* l = ds_.CreateLayer(name, type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs_), type,
                                      const_cast<char**>(opts));
        if (!l) fail(path_, std::string("cannot create layer ") + name);
        for (const auto& [fname, ftype] : fields) {
            OGRFieldDefn def(fname, ftype);
            if (l->CreateField(&def) != OGRERR_NONE)
                fail(path_, std::string("cannot create field ") + fname);
        }
        return l;
    }

    void add(OGRLayer* l, OGRFeature& f) {
        if (l->CreateFeature(&f) != OGRERR_NONE)
            fail(path_, std::string("cannot write a feature to ") + l->GetName());
    }

private:
    GDALDataset& ds_;
    const OGRSpatialReference* srs_;
    std::string path_;
};

void set_string(OGRFeature& f, const char* field, const std::string& v) {
    if (!v.empty()) f.SetField(field, v.c_str());
}

std::string join_sources(const Asset& a, bool with_ids) {
    std::string out;
    for (const auto& s : a.sources) {
        if (!out.empty()) out += ";";
        out += with_ids ? s.source + ":" + s.id : s.source;
    }
    return out;
}

void write_layers(GDALDataset& ds, const OGRSpatialReference& srs, const StudyData& data,
                  const std::string& path) {
    Writer w(ds, &srs, path);
    if (ds.StartTransaction() != OGRERR_NONE) fail(path, "cannot start a transaction");

    OGRLayer* areas = w.layer("areas", wkbMultiPolygon,
                              {{"code", OFTString}, {"name", OFTString}, {"parent_code", OFTString},
                               {"population", OFTReal}, {"area_m2", OFTReal}});
    for (const auto& a : data.areas) {
        OGRFeature f(areas->GetLayerDefn());
        set_string(f, "code", a.code);
        set_string(f, "name", a.name);
        set_string(f, "parent_code", a.parent_code);
        if (a.population) f.SetField("population", *a.population);
        f.SetField("area_m2", a.area_m2);
        f.SetGeometryDirectly(to_ogr(a.geometry).release());
        w.add(areas, f);
    }

    OGRLayer* points = w.layer("population_points", wkbPoint,
                               {{"id", OFTString}, {"area_code", OFTString}, {"weight", OFTReal}});
    for (const auto& p : data.population_points) {
        OGRFeature f(points->GetLayerDefn());
        set_string(f, "id", p.id);
        set_string(f, "area_code", p.area_code);
        f.SetField("weight", p.weight);
        f.SetGeometryDirectly(new OGRPoint(p.location.x_m, p.location.y_m));
        w.add(points, f);
    }

    OGRLayer* assets = w.layer("assets", wkbPoint,
                               {{"asset_id", OFTString}, {"category", OFTString},
                                {"domain", OFTString}, {"name", OFTString}, {"source", OFTString},
                                {"source_ids", OFTString}, {"area_code", OFTString},
                                {"outside_areas", OFTInteger}});
    for (const auto& a : data.assets) {
        OGRFeature f(assets->GetLayerDefn());
        set_string(f, "asset_id", a.id);
        set_string(f, "category", a.category);
        set_string(f, "domain", a.domain);
        set_string(f, "name", a.name);
        set_string(f, "source", join_sources(a, false));
        set_string(f, "source_ids", join_sources(a, true));
        set_string(f, "area_code", a.area_code);
        f.SetField("outside_areas", a.area_code.empty() ? 1 : 0);
        f.SetGeometryDirectly(new OGRPoint(a.location.x_m, a.location.y_m));
        w.add(assets, f);
    }

    OGRLayer* fp = w.layer("asset_footprints", wkbMultiPolygon,
                           {{"asset_id", OFTString}, {"category", OFTString}, {"name", OFTString}});
    for (const auto& a : data.assets) {
        if (!a.footprint) continue;
        OGRFeature f(fp->GetLayerDefn());
        set_string(f, "asset_id", a.id);
        set_string(f, "category", a.category);
        set_string(f, "name", a.name);
        f.SetGeometryDirectly(to_ogr(*a.footprint).release());
        w.add(fp, f);
    }

    OGRLayer* problems = w.layer("problems", wkbPoint,
                                 {{"kind", OFTString}, {"source", OFTString}, {"layer", OFTString},
                                  {"feature", OFTString}, {"field", OFTString},
                                  {"message", OFTString}});
    for (const auto& p : data.problems.problems()) {
        OGRFeature f(problems->GetLayerDefn());
        set_string(f, "kind", to_string(p.kind));
        set_string(f, "source", p.source);
        set_string(f, "layer", p.layer);
        set_string(f, "feature", p.feature);
        set_string(f, "field", p.field);
        set_string(f, "message", p.message);
        if (p.location) f.SetGeometryDirectly(new OGRPoint(p.location->x_m, p.location->y_m));
        w.add(problems, f);
    }

    OGRLayer* meta = w.layer("metadata", wkbNone, {{"key", OFTString}, {"value", OFTString}});
    for (const auto& [k, v] : data.metadata) {
        OGRFeature f(meta->GetLayerDefn());
        set_string(f, "key", k);
        f.SetField("value", v.c_str());
        w.add(meta, f);
    }

    if (ds.CommitTransaction() != OGRERR_NONE) fail(path, "cannot commit the transaction");
}

}  // namespace

void write_study_geopackage(const StudyData& data, const std::string& path,
                            const std::string& timestamp_utc) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw io_error("the GDAL GPKG driver is not available; register GDAL drivers");

    const fs::path target = fs::absolute(path);
    const fs::path dir = target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw io_error(path + ": folder " + dir.string() + " does not exist; create it first");
    const fs::path tmp = dir / (target.filename().string() + ".tmp");
    fs::remove(tmp, ec);

    OGRSpatialReference srs;
    if (srs.SetFromUserInput(data.metric_crs.c_str()) != OGRERR_NONE)
        throw crs_error("GDAL does not know the metric CRS '" + data.metric_crs + "'");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    {
        ScopedConfig date("OGR_CURRENT_DATE", timestamp_utc);
        CPLErrorReset();
        DatasetPtr ds(driver->Create(tmp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            fail(path, "cannot create the GeoPackage; check that the folder is writable");
        try {
            write_layers(*ds, srs, data, path);
        } catch (...) {
            ds.reset();
            fs::remove(tmp, ec);
            throw;
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw io_error(path + ": cannot move the finished file into place: " + ec.message());
    }
}

}  // namespace assetmap::io
