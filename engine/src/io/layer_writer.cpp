// Writing OutputLayer values through GDAL: one path for every format. Multi-layer formats
// (GeoPackage, PostGIS) write every layer in one transaction; single-layer formats write one
// file (plus sidecars) per layer into a staging folder beside the destination and rename
// the files into place once every layer is written.
#include <assetmap/core/error.hpp>
#include <assetmap/io/layer_writer.hpp>

#include "gpkg_extras.hpp"
#include "ogr_output.hpp"
#include "shapefile_names.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include <unistd.h>

namespace fs = std::filesystem;

namespace assetmap::io {

namespace {

using namespace detail;

struct FormatInfo {
    OutputFormat format;
    const char* name;       ///< as --format takes it
    const char* driver;     ///< GDAL driver
    const char* extension;  ///< of the main file ("" for PostGIS)
};

constexpr FormatInfo formats[] = {
    {OutputFormat::gpkg, "gpkg", "GPKG", ".gpkg"},
    {OutputFormat::flatgeobuf, "fgb", "FlatGeobuf", ".fgb"},
    {OutputFormat::geojson, "geojson", "GeoJSON", ".geojson"},
    {OutputFormat::shapefile, "shp", "ESRI Shapefile", ".shp"},
    {OutputFormat::csv, "csv", "CSV", ".csv"},
    {OutputFormat::postgis, "postgis", "PostgreSQL", ""},
};
constexpr const char* format_list = "gpkg, fgb, geojson, shp, csv, postgis";

const FormatInfo& info(OutputFormat f) {
    for (const auto& i : formats)
        if (i.format == f) return i;
    throw config_error(std::string("unknown output format; use one of ") + format_list);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool starts_with_pg(const std::string& s) { return lower(s.substr(0, 3)) == "pg:"; }

/// Sidecar files a GIS may keep beside each format's main file; replaced outputs lose them.
std::vector<std::string> sidecars(const std::string& extension) {
    if (extension == ".shp")
        return {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn",
                ".sbx", ".qpj", ".shp.xml", ".fields.csv"};
    if (extension == ".csv") return {".csv", ".csvt", ".prj"};
    return {extension};
}

/// FlatGeobuf (GDAL 3.6) cannot hold rows without geometry (it drops them silently): its
/// tables, and layers where some row has no geometry (problems without a location), go to a
/// CSV beside the .fgb files, geometry as WKT.
bool table_as_csv(OutputFormat format, const OutputLayer& layer) {
    if (format != OutputFormat::flatgeobuf) return false;
    if (layer.geometry == LayerGeometry::none) return true;
    if (layer.stream) return false;  // its rows are not known yet: a null geometry fails
    for (std::size_t r = 0; r < layer.rows.size(); ++r)
        if (!has_geometry(layer, r)) return true;
    return false;
}

std::string csv_quote(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// Checks the layer set before anything is written. Throws input_error / config_error.
void validate(const std::vector<OutputLayer>& layers, OutputFormat format,
              const std::string& dest) {
    std::set<std::string> names;
    for (const auto& l : layers) {
        const std::string where = dest + ":" + l.name;
        if (l.name.empty() || l.name == "." || l.name == ".." ||
            l.name.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
            throw config_error(where + ": a layer needs a name without '/' or '\\'");
        if (!names.insert(lower(l.name)).second)
            throw config_error(where + ": two layers have this name (ignoring case)");
        if (l.stream && (!l.rows.empty() || !l.points.empty() || !l.polygons.empty()))
            throw config_error(where + ": a streamed layer holds no rows of its own");
        std::set<std::string> fields;
        for (const auto& f : l.fields)
            if (f.name.empty() || !fields.insert(lower(f.name)).second)
                throw input_error(where, "field '" + f.name + "' is empty or repeated");
        for (std::size_t r = 0; r < l.rows.size(); ++r)
            if (l.rows[r].size() != l.fields.size())
                throw input_error(where, "row " + std::to_string(r) + " has " +
                                             std::to_string(l.rows[r].size()) + " values for " +
                                             std::to_string(l.fields.size()) + " fields");
        const std::size_t geoms = l.geometry == LayerGeometry::point          ? l.points.size()
                                  : l.geometry == LayerGeometry::multipolygon ? l.polygons.size()
                                                                              : l.rows.size();
        if (geoms != l.rows.size())
            throw input_error(where, std::to_string(geoms) + " geometries for " +
                                         std::to_string(l.rows.size()) + " rows");
    }
}

/// The date part of an ISO 8601 timestamp ("2026-01-01T00:00:00Z" → "2026-01-01").
std::string date_of(const std::string& timestamp_utc) {
    const std::string d = timestamp_utc.substr(0, 10);
    return d.size() == 10 && d[4] == '-' && d[7] == '-' ? d : std::string();
}

/// GeoPackage timestamps (gpkg_contents.last_change, Requirement 15) are
/// YYYY-MM-DDTHH:MM:SS.SSSZ: "2026-01-01T00:00:00Z" → "2026-01-01T00:00:00.000Z".
std::string gpkg_timestamp(const std::string& timestamp_utc) {
    if (timestamp_utc.size() == 20 && timestamp_utc[19] == 'Z' && timestamp_utc[10] == 'T')
        return timestamp_utc.substr(0, 19) + ".000Z";
    return timestamp_utc;
}

ExportReport write_gpkg(const std::vector<OutputLayer>& layers, const ExportOptions& options,
                        CrsPair& crs) {
    const std::string& dest = options.destination;
    const fs::path target = fs::absolute(dest);
    std::error_code ec;
    if (fs::is_directory(target, ec))
        throw io_error(dest + ": is a folder; give a file name such as " +
                       (target / "out.gpkg").string());
    const fs::path dir = target.parent_path();
    if (!fs::is_directory(dir, ec))
        throw io_error(dest + ": folder " + dir.string() + " does not exist; create it first");
    const fs::path tmp = dir / (target.filename().string() + ".tmp");
    fs::remove(tmp, ec);
    ScopedRemove staged(tmp);

    GDALDriver* driver = gdal_driver("GPKG");
    {
        std::optional<ScopedConfig> date;
        if (!options.timestamp_utc.empty())
            date.emplace("OGR_CURRENT_DATE", gpkg_timestamp(options.timestamp_utc));
        // GDAL 3.6 builds the R-trees of large layers on a thread in a temporary database;
        // with several layers and the column descriptions written afterwards its DETACH
        // fails ("database temp_rtree_… is locked", seen on a national atlas; GDAL #6959).
        // Built in place the index is the same, and no slower for one transaction.
        ScopedConfig rtree("OGR_GPKG_ALLOW_THREADED_RTREE", "NO");
        CPLErrorReset();
        DatasetPtr ds(driver->Create(tmp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            fail(dest, "cannot create the GeoPackage", "check that the folder is writable");
        Transaction transaction(*ds, dest);
        for (const auto& layer : layers) {
            LayerSpec spec{layer.name, crs.output_for(layer), geometry_type(layer), {}, {}};
            spec.options.SetNameValue("FID", "fid");
            if (layer.geometry != LayerGeometry::none)
                spec.options.SetNameValue("SPATIAL_INDEX", "YES");
            write_layer(*ds, layer, spec, crs, dest + ":" + layer.name);
        }
        write_data_columns(*ds, options.data_columns, dest);
        write_layer_styles(*ds, options.layer_styles, gpkg_timestamp(options.timestamp_utc),
                           dest);
        transaction.commit();
        close_dataset(ds, dest);
    }
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(target.string() + suffix, ec);
    fs::rename(tmp, target, ec);
    if (ec) throw io_error(dest + ": cannot move the finished file into place: " + ec.message());
    staged.release();

    ExportReport report;
    report.format = OutputFormat::gpkg;
    report.outputs.push_back(target.string());
    return report;
}

/// The connection string with any password hidden, for reports and messages.
std::string redact(const std::string& conn) {
    std::string out = conn;
    const std::string key = "password=";
    for (auto pos = lower(out).find(key); pos != std::string::npos;
         pos = lower(out).find(key, pos + key.size())) {
        const auto start = pos + key.size();
        const auto end = out.find(' ', start);
        out.replace(start, end == std::string::npos ? std::string::npos : end - start, "***");
    }
    return out;
}

ExportReport write_postgis(const std::vector<OutputLayer>& layers, const ExportOptions& options,
                           CrsPair& crs) {
    const std::string conn =
        starts_with_pg(options.destination) ? options.destination : "PG:" + options.destination;
    const std::string shown = redact(conn);
    gdal_driver("PostgreSQL");
    const char* const drivers[] = {"PostgreSQL", nullptr};
    CPLErrorReset();
    DatasetPtr ds(GDALDataset::Open(conn.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
    if (!ds)
        throw io_error(shown + ": cannot connect to PostgreSQL: " + gdal_message() +
                       "; check the connection string, that the server is running and that "
                       "the database exists");
    const bool spatial = std::any_of(layers.begin(), layers.end(), [](const OutputLayer& l) {
        return l.geometry != LayerGeometry::none;
    });
    if (spatial && !sql_succeeds(*ds, "SELECT postgis_version()"))
        throw io_error(shown + ": the database has no PostGIS; run `CREATE EXTENSION postgis` "
                               "in it (tools/start_postgis.sh does)");

    ExportReport report;
    report.format = OutputFormat::postgis;
    Transaction transaction(*ds, shown);
    for (const auto& layer : layers) {
        LayerSpec spec{layer.name, crs.output_for(layer), geometry_type(layer), {}, {}};
        spec.options.SetNameValue("OVERWRITE", "YES");
        spec.options.SetNameValue("FID", "fid");
        spec.options.SetNameValue("GEOMETRY_NAME", "geom");
        spec.options.SetNameValue("SPATIAL_INDEX",
                                  layer.geometry == LayerGeometry::none ? "NONE" : "GIST");
        OGRLayer* written = write_layer(*ds, layer, spec, crs, shown + ":" + layer.name);
        report.outputs.push_back(shown + " table " + written->GetName());
    }
    transaction.commit();
    close_dataset(ds, shown);
    return report;
}

/// Where single-layer files go: `dir/prefix<layer><ext>`.
struct FileTarget {
    fs::path dir;
    std::string prefix;  ///< "<base>_", or "" when the destination is a folder
};

FileTarget file_target(const std::string& dest, const FormatInfo& f) {
    std::error_code ec;
    fs::path p = fs::absolute(dest);
    if (fs::is_directory(p, ec)) return {p, ""};
    const std::string ext = lower(p.extension().string());
    if (ext == f.extension || (f.format == OutputFormat::geojson && ext == ".json"))
        p.replace_extension();
    const fs::path dir = p.parent_path();
    if (!fs::is_directory(dir, ec))
        throw io_error(dest + ": folder " + dir.string() + " does not exist; create it first");
    return {dir, p.filename().string() + "_"};
}

/// One layer in its own staging subfolder; returns the staged files, main file first.
std::vector<fs::path> stage_layer(const OutputLayer& layer, const FormatInfo& format,
                                  const fs::path& stage, const std::string& stem,
                                  const ExportOptions& options, CrsPair& crs,
                                  ExportReport& report) {
    const bool as_csv = table_as_csv(format.format, layer);
    const char* driver_name = as_csv ? "CSV" : format.driver;
    const std::string ext = as_csv ? ".csv" : format.extension;
    const std::string where = (stage.parent_path().parent_path() / (stem + ext)).string();

    LayerSpec spec{layer.name, crs.output_for(layer), geometry_type(layer), {}, {}};
    std::string ds_path = (stage / (stem + ext)).string();
    std::vector<std::string> short_names;
    switch (as_csv ? OutputFormat::csv : format.format) {
    case OutputFormat::flatgeobuf:
        // The index reorders features; an empty layer needs it to get a valid header.
        spec.options.SetNameValue("SPATIAL_INDEX", row_count(layer) == 0 ? "YES" : "NO");
        spec.refuse_null_geometry = true;
        break;
    case OutputFormat::geojson:
        spec.options.SetNameValue("RFC7946", "YES");
        spec.options.SetNameValue("COORDINATE_PRECISION", "7");
        break;
    case OutputFormat::shapefile: {
        ds_path = stage.string();  // folder mode: the layer name gives the file names
        spec.name = stem;
        spec.size_strings = true;
        spec.options.SetNameValue("ENCODING", "UTF-8");
        if (auto d = date_of(options.timestamp_utc); !d.empty())
            spec.options.SetNameValue("DBF_DATE_LAST_UPDATE", d.c_str());
        std::vector<std::string> full;
        for (const auto& f : layer.fields) full.push_back(f.name);
        short_names = shapefile_field_names(full);
        spec.field_names = short_names;
        break;
    }
    case OutputFormat::csv:
        if (layer.geometry != LayerGeometry::none)
            spec.options.SetNameValue("GEOMETRY", "AS_WKT");
        spec.options.SetNameValue("CREATE_CSVT", "YES");
        break;
    default:
        break;
    }

    GDALDriver* driver = gdal_driver(driver_name);
    {
        CPLErrorReset();
        DatasetPtr ds(driver->Create(ds_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) fail(where, "cannot create the file", "check that the folder is writable");
        write_layer(*ds, layer, spec, crs, where);
        close_dataset(ds, where);
    }

    if (!short_names.empty()) {
        std::vector<std::pair<std::string, std::string>> renamed;
        std::ofstream csv(stage / (stem + ".fields.csv"), std::ios::binary);
        csv << "full_name,short_name\n";
        for (std::size_t i = 0; i < short_names.size(); ++i) {
            csv << csv_quote(layer.fields[i].name) << ',' << csv_quote(short_names[i]) << '\n';
            if (short_names[i] != layer.fields[i].name)
                renamed.emplace_back(layer.fields[i].name, short_names[i]);
        }
        csv.close();
        if (!csv) throw io_error(where + ": cannot write the field name table " + stem +
                                 ".fields.csv; check the free disk space");
        report.shapefile_names.emplace_back(layer.name, std::move(renamed));
    } else if (format.format == OutputFormat::shapefile) {
        report.shapefile_names.emplace_back(layer.name,
                                            std::vector<std::pair<std::string, std::string>>{});
    }

    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(stage)) files.push_back(entry.path());
    std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
        const bool a_main = a.filename() == stem + ext, b_main = b.filename() == stem + ext;
        return a_main != b_main ? a_main : a.filename() < b.filename();
    });
    return files;
}

ExportReport write_files(const std::vector<OutputLayer>& layers, const ExportOptions& options,
                         const FormatInfo& format, CrsPair& crs) {
    const FileTarget target = file_target(options.destination, format);
    for (const auto& layer : layers) {  // before anything is written or replaced
        const std::string stem = target.prefix + layer.name;
        const bool as_csv = table_as_csv(format.format, layer);
        for (const auto& s : sidecars(as_csv ? ".csv" : format.extension))
            check_not_an_input((target.dir / (stem + s)).string(), options.inputs);
    }
    const fs::path staging = target.dir / ("." + target.prefix + "assetmap.tmp");
    std::error_code ec;
    fs::remove_all(staging, ec);
    ScopedRemove staged(staging);
    if (!fs::create_directories(staging, ec) && ec)
        throw io_error(options.destination + ": cannot create the staging folder " +
                       staging.string() + ": " + ec.message() +
                       "; check that the folder is writable");

    ExportReport report;
    report.format = format.format;
    std::vector<std::vector<fs::path>> staged_files;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const fs::path stage = staging / std::to_string(i);
        fs::create_directories(stage, ec);
        const std::string stem = target.prefix + layers[i].name;
        if (layers[i].stream && format.format == OutputFormat::shapefile)  // widths first
            staged_files.push_back(stage_layer(collect_rows(layers[i]), format, stage, stem,
                                               options, crs, report));
        else
            staged_files.push_back(
                stage_layer(layers[i], format, stage, stem, options, crs, report));
    }

    // Everything is written: replace the previous outputs, then move the new ones in.
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string stem = target.prefix + layers[i].name;
        const bool as_csv = table_as_csv(format.format, layers[i]);
        for (const auto& s : sidecars(as_csv ? ".csv" : format.extension))
            fs::remove(target.dir / (stem + s), ec);
    }
    for (const auto& files : staged_files)
        for (const auto& file : files) {
            const fs::path final_path = target.dir / file.filename();
            fs::rename(file, final_path, ec);
            if (ec)
                throw io_error(final_path.string() + ": cannot move the finished file into "
                               "place: " + ec.message());
            report.outputs.push_back(final_path.string());
        }
    return report;
}

}  // namespace

const char* to_string(OutputFormat f) { return info(f).name; }

std::size_t row_count(const OutputLayer& layer) {
    return layer.stream ? layer.stream_rows : layer.rows.size();
}

OutputLayer collect_rows(OutputLayer layer) {
    if (!layer.stream) return layer;
    const RowStream stream = std::move(layer.stream);
    layer.stream = nullptr;
    stream([&](OutputLayer&& chunk) {
        for (auto& row : chunk.rows) {
            if (row.size() != layer.fields.size())
                throw input_error(layer.name, "row " + std::to_string(layer.rows.size()) +
                                                  " has " + std::to_string(row.size()) +
                                                  " values for " +
                                                  std::to_string(layer.fields.size()) +
                                                  " fields");
            layer.rows.push_back(std::move(row));
        }
        for (auto& p : chunk.points) layer.points.push_back(p);
        for (auto& p : chunk.polygons) layer.polygons.push_back(std::move(p));
    });
    if (layer.rows.size() != layer.stream_rows)
        throw input_error(layer.name, "the layer's stream made " +
                                          std::to_string(layer.rows.size()) + " rows, not the " +
                                          std::to_string(layer.stream_rows) + " announced");
    layer.stream_rows = 0;
    return layer;
}

std::optional<OutputFormat> parse_format(const std::string& name) {
    const std::string n = lower(name);
    if (n == "flatgeobuf") return OutputFormat::flatgeobuf;
    if (n == "shapefile") return OutputFormat::shapefile;
    if (n == "pg") return OutputFormat::postgis;
    for (const auto& f : formats)
        if (n == f.name) return f.format;
    return std::nullopt;
}

std::optional<OutputFormat> format_from_destination(const std::string& destination) {
    if (starts_with_pg(destination)) return OutputFormat::postgis;
    const std::string ext = lower(fs::path(destination).extension().string());
    if (ext.empty()) return std::nullopt;
    if (ext == ".json") return OutputFormat::geojson;
    for (const auto& f : formats)
        if (ext == f.extension) return f.format;
    return std::nullopt;
}

namespace {

OutputFormat resolve_format(const ExportOptions& options) {
    const std::string& dest = options.destination;
    if (dest.empty())
        throw config_error("no output destination; give a file, a folder or a PG: connection");
    const auto format = options.format ? options.format : format_from_destination(dest);
    if (!format)
        throw config_error(dest + ": cannot tell the output format; choose one of " +
                           format_list +
                           " (or name a .gpkg, .fgb, .geojson, .shp or .csv file, or PG:…)");
    return *format;
}

/// Creates and removes a probe file in `dir`: io_error naming `dest` when that fails.
void probe_folder(const fs::path& dir, const std::string& dest) {
    const fs::path probe = dir / (".assetmap-probe-" + std::to_string(::getpid()));
    {
        std::ofstream out(probe, std::ios::binary);
        if (!out)
            throw io_error(dest + ": cannot write in folder " + dir.string() +
                           "; check that it is writable, or choose another output");
    }
    std::error_code ec;
    fs::remove(probe, ec);
}

}  // namespace

void check_destination(const ExportOptions& options) {
    const OutputFormat format = resolve_format(options);
    const std::string& dest = options.destination;
    const std::string output_crs = format == OutputFormat::geojson ? "EPSG:4326"
                                   : options.output_crs.empty()    ? options.source_crs
                                                                   : options.output_crs;
    if (!options.source_crs.empty()) CrsPair crs(options.source_crs, output_crs);
    if (format == OutputFormat::postgis) {
        const std::string conn = starts_with_pg(dest) ? dest : "PG:" + dest;
        const std::string shown = redact(conn);
        gdal_driver("PostgreSQL");
        const char* const drivers[] = {"PostgreSQL", nullptr};
        CPLErrorReset();
        DatasetPtr ds(GDALDataset::Open(conn.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
        if (!ds)
            throw io_error(shown + ": cannot connect to PostgreSQL: " + gdal_message() +
                           "; check the connection string, that the server is running and "
                           "that the database exists");
        if (!sql_succeeds(*ds, "SELECT postgis_version()"))
            throw io_error(shown + ": the database has no PostGIS; run `CREATE EXTENSION "
                                   "postgis` in it (tools/start_postgis.sh does)");
        return;
    }
    std::error_code ec;
    if (format == OutputFormat::gpkg) {
        const fs::path target = fs::absolute(dest);
        if (fs::is_directory(target, ec))
            throw io_error(dest + ": is a folder; give a file name such as " +
                           (target / "out.gpkg").string());
        const fs::path dir = target.parent_path();
        if (!fs::is_directory(dir, ec))
            throw io_error(dest + ": folder " + dir.string() + " does not exist; create it first");
        probe_folder(dir, dest);
        return;
    }
    probe_folder(file_target(dest, info(format)).dir, dest);
}

ExportReport write_layers(const std::vector<OutputLayer>& layers, const ExportOptions& options) {
    const std::string& dest = options.destination;
    const OutputFormat fmt = resolve_format(options);
    const auto format = std::optional<OutputFormat>(fmt);
    const FormatInfo& fi = info(*format);
    validate(layers, *format, dest);
    if (*format == OutputFormat::gpkg) check_not_an_input(dest, options.inputs);

    const std::string output_crs = *format == OutputFormat::geojson ? "EPSG:4326"
                                   : options.output_crs.empty()     ? options.source_crs
                                                                    : options.output_crs;
    CrsPair crs(options.source_crs, output_crs);
    switch (*format) {
    case OutputFormat::gpkg:
        return write_gpkg(layers, options, crs);
    case OutputFormat::postgis:
        return write_postgis(layers, options, crs);
    default:
        return write_files(layers, options, fi, crs);
    }
}

}  // namespace assetmap::io
