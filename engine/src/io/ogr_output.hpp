#pragma once
/// @file GDAL/OGR pieces of the layer writer: RAII wrappers, the CRS pair and writing one
/// OutputLayer into an open dataset. Private to engine/src/io (includes GDAL headers).

#include <assetmap/core/temp_path.hpp>
#include <assetmap/io/layer_writer.hpp>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace assetmap::io::detail {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// Sets a thread-local GDAL config option for the lifetime of the object.
class ScopedConfig {
public:
    ScopedConfig(const char* key, const std::string& value);
    ~ScopedConfig();
    ScopedConfig(const ScopedConfig&) = delete;
    ScopedConfig& operator=(const ScopedConfig&) = delete;

private:
    const char* key_;
    std::string old_;
    bool had_ = false;
};

/// Removes a file or folder (recursively) when it goes out of scope, unless released.
class ScopedRemove {
public:
    explicit ScopedRemove(std::filesystem::path p) : path_(std::move(p)), guard_(path_) {}
    ~ScopedRemove();
    ScopedRemove(const ScopedRemove&) = delete;
    ScopedRemove& operator=(const ScopedRemove&) = delete;
    void release() {
        path_.clear();
        guard_.reset();
    }

private:
    std::filesystem::path path_;
    TempPath guard_;  // removed if the process is interrupted
};

/// A dataset transaction that rolls back unless committed.
class Transaction {
public:
    Transaction(GDALDataset& ds, std::string where);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    GDALDataset& ds_;
    std::string where_;
    bool open_ = false;
};

/// GDAL's last error message on one line (PostgreSQL's span several).
std::string gdal_message();

/// Throws io_error "<where>: <what> (<GDAL's last message>); <fix>".
[[noreturn]] void fail(const std::string& where, const std::string& what, const std::string& fix);

/// The registered driver; throws io_error if the caller did not register GDAL's drivers.
GDALDriver* gdal_driver(const char* name);

/// Closes the dataset (flushing it); throws io_error if GDAL reported a failure.
void close_dataset(DatasetPtr& ds, const std::string& where);

/// The dataset's layer names, comma-separated ("(none)" when it has none), for messages.
std::string layer_names(GDALDataset& ds);

/// "EPSG:4326"-style id of a CRS (its own authority code, else the one GDAL identifies),
/// or its WKT when it has none: WKT2:2019 with `wkt2`, else GDAL's default WKT.
std::string crs_id(const OGRSpatialReference& srs, bool wkt2);

/// Runs a statement and reports whether it succeeded (its result is discarded).
bool sql_succeeds(GDALDataset& ds, const char* sql);

/// The layers' CRS and the output CRS, both in traditional GIS axis order (lon/lat,
/// easting/northing), and the transformation between them (none when they are the same).
class CrsPair {
public:
    /// Throws crs_error for a CRS GDAL does not know or a transformation PROJ cannot build.
    CrsPair(const std::string& source_crs, const std::string& output_crs);
    /// The output SRS for a layer, null for tables.
    OGRSpatialReference* output_for(const OutputLayer& layer);
    OGRCoordinateTransformation* transform() { return transform_.get(); }
    const std::string& output_name() const { return output_name_; }

private:
    OGRSpatialReference source_;
    OGRSpatialReference output_;
    TransformPtr transform_;
    std::string output_name_;
};

OGRwkbGeometryType geometry_type(const OutputLayer& layer);

/// False for tables, a point with a non-finite coordinate and an empty multipolygon.
bool has_geometry(const OutputLayer& layer, std::size_t row);

/// Row `row`'s geometry in the layers' CRS; null when !has_geometry(layer, row).
std::unique_ptr<OGRGeometry> make_geometry(const OutputLayer& layer, std::size_t row);

/// How one layer is created in a dataset.
struct LayerSpec {
    std::string name;                      ///< layer name in the dataset
    OGRSpatialReference* srs = nullptr;    ///< null for tables
    OGRwkbGeometryType type = wkbNone;
    std::vector<std::string> field_names;  ///< names to store (Shapefile); empty = as given
    CPLStringList options;                 ///< layer creation options
    bool size_strings = false;             ///< string width = longest value (Shapefile)
    bool refuse_null_geometry = false;     ///< a streamed row without geometry is an error
};

/// Creates the layer, its fields and one feature per row (geometry transformed into the
/// output CRS); a streamed layer's rows as its stream makes them, each chunk written and
/// freed before the next. Throws io_error, crs_error or input_error naming `where` and the
/// row, and what the stream throws.
OGRLayer* write_layer(GDALDataset& ds, const OutputLayer& layer, const LayerSpec& spec,
                      CrsPair& crs, const std::string& where);

}  // namespace assetmap::io::detail
