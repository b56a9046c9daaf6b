/// @file read_simple_geopackage: a GeoPackage layer read with SQLite when GDAL's GPKG driver
/// would read it to the same values (see vector_reader_detail.hpp). Opening a GeoPackage with
/// GDAL registers its drivers and reads the file's catalogue (~30 ms), and GDAL builds an
/// OGRFeature per row; a tile run reads only a few thousand rows of assetmap's own atlas.
/// Every rule below errs towards GDAL: whatever is not certainly read the same way gives
/// nullopt, and the caller reads the file with GDAL, which also words the errors.

#include "sqlite_db.hpp"
#include "vector_reader_detail.hpp"

#include <assetmap/core/ascii.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace assetmap::io::detail {

namespace {

/// Thrown inside the reader when the file is not one it reads like GDAL; caught at the top.
struct NotSimple {};

/// 'GPKG', the application id of GeoPackage 1.2 and later.
constexpr std::int64_t kGpkgApplicationId = 0x47504B47;

/// How a requested field's values are read: as GDAL's GPKG driver types the column.
enum class FieldKind { null_always, integer, real, text };

FieldKind field_kind(std::string_view declared) {
    if (ascii_iequals(declared, "INTEGER") || ascii_iequals(declared, "INT"))
        return FieldKind::integer;
    if (ascii_iequals(declared, "REAL") || ascii_iequals(declared, "DOUBLE"))
        return FieldKind::real;
    if (ascii_iequals(declared, "TEXT")) return FieldKind::text;
    // TEXT(n): a width GDAL keeps, and reads the text as it is.
    if (declared.size() > 6 && ascii_iequals(declared.substr(0, 5), "TEXT(") &&
        declared.back() == ')' &&
        std::all_of(declared.begin() + 5, declared.end() - 1,
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
        return FieldKind::text;
    throw NotSimple{};  // BOOLEAN, SMALLINT, FLOAT, DATE, BLOB, …: GDAL's subtypes and formats
}

/// Reads the WKB of a GeoPackage geometry blob (GeoPackage 1.2 §2.1.3): 2D points and
/// polygons only, each part in its own byte order.
class Wkb {
  public:
    Wkb(const unsigned char* p, std::size_t n) : p_(p), end_(p + n) {}

    std::uint32_t header() {
        need(1);
        little_ = *p_++ == 1;
        return u32();
    }
    std::uint32_t u32() { return word<std::uint32_t>(); }
    double f64() {
        const std::uint64_t bits = word<std::uint64_t>();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    RingM ring() {
        const std::uint32_t n = u32();
        if (n == 0) throw NotSimple{};  // GDAL's empty rings: its rules, not ours
        need(std::size_t(n) * 16);
        RingM r;
        r.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            const double x = f64();
            const double y = f64();
            r.push_back(PointM{x, y});
        }
        return r;
    }
    /// A polygon's rings into `out` (nothing for one without rings, as GDAL skips it).
    void polygon(MultiPolygonM& out) {
        const std::uint32_t rings = u32();
        if (rings == 0) return;
        PolygonM poly;
        poly.outer = ring();
        for (std::uint32_t i = 1; i < rings; ++i) poly.holes.push_back(ring());
        out.push_back(std::move(poly));
    }
    bool done() const { return p_ == end_; }

  private:
    /// The next unsigned word, in the byte order of the current geometry.
    template <typename U>
    U word() {
        need(sizeof(U));
        U v;
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        if (!little_) {
            if constexpr (sizeof(U) == 4)
                v = __builtin_bswap32(v);
            else
                v = __builtin_bswap64(v);
        }
        return v;
    }
    void need(std::size_t n) const {
        if (static_cast<std::size_t>(end_ - p_) < n) throw NotSimple{};
    }
    const unsigned char* p_;
    const unsigned char* end_;
    bool little_ = true;
};

enum : std::uint32_t { wkb_point = 1, wkb_polygon = 3, wkb_multipoint = 4, wkb_multipolygon = 6 };

/// The geometry of one row into `raw` (source CRS), or its problem as GDAL words it (a null
/// or empty geometry); anything GDAL would word otherwise is not simple.
void read_geometry(const unsigned char* blob, std::size_t n, GeometryWant want, RawFeature& raw) {
    const auto empty = [&] {
        raw.problem.emplace(ProblemKind::empty_geometry, "null or empty geometry; not used");
    };
    if (blob == nullptr) return empty();
    // The header: "GP", version 0, flags (bit 0 its byte order, bits 1-3 the envelope,
    // bit 4 empty, bit 5 an extended geometry), srs_id, the envelope.
    if (n < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0) throw NotSimple{};
    const unsigned flags = blob[3];
    if (flags & 0x20) throw NotSimple{};
    static constexpr std::array<std::size_t, 5> envelope_bytes = {0, 32, 48, 48, 64};
    const unsigned envelope = (flags >> 1) & 0x7;
    if (envelope >= envelope_bytes.size()) throw NotSimple{};
    const std::size_t start = 8 + envelope_bytes[envelope];
    if (n < start) throw NotSimple{};
    Wkb wkb(blob + start, n - start);
    const bool empty_flag = (flags & 0x10) != 0;
    VectorFeature& f = raw.feature;
    switch (wkb.header()) {
    case wkb_point: {
        const double x = wkb.f64(), y = wkb.f64();
        if (!wkb.done()) throw NotSimple{};
        // GeoPackage's empty point is NaN, NaN.
        if (empty_flag || (std::isnan(x) && std::isnan(y))) return empty();
        if (std::isnan(x) || std::isnan(y)) throw NotSimple{};
        if (want == GeometryWant::polygons) throw NotSimple{};  // GDAL's wording
        raw.is_point = true;
        raw.px = x, raw.py = y;
        return;
    }
    case wkb_multipoint: {
        const std::uint32_t parts = wkb.u32();
        if (parts == 0) {
            if (!wkb.done()) throw NotSimple{};
            return empty();
        }
        if (parts != 1 || want == GeometryWant::polygons || wkb.header() != wkb_point)
            throw NotSimple{};
        const double x = wkb.f64(), y = wkb.f64();
        if (!wkb.done() || empty_flag || std::isnan(x) || std::isnan(y)) throw NotSimple{};
        raw.is_point = true;
        raw.px = x, raw.py = y;
        return;
    }
    case wkb_polygon:
        wkb.polygon(f.polygon);
        break;
    case wkb_multipolygon: {
        const std::uint32_t parts = wkb.u32();
        for (std::uint32_t i = 0; i < parts; ++i) {
            if (wkb.header() != wkb_polygon) throw NotSimple{};
            wkb.polygon(f.polygon);
        }
        break;
    }
    default:
        throw NotSimple{};  // 3D, measured, curved or another type: GDAL's to read
    }
    if (!wkb.done()) throw NotSimple{};
    if (f.polygon.empty()) return empty();
    if (empty_flag || want == GeometryWant::points) throw NotSimple{};
    f.is_polygon = true;
}

/// `v` as GDAL's OGRFeature::GetFieldAsString gives a real field without a width: "%.15g".
std::string gdal_real(double v) {
    if (!std::isfinite(v)) throw NotSimple{};
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
    if (r.ec != std::errc()) throw NotSimple{};
    return std::string(buf, r.ptr);
}

/// The layer's table as GDAL's GPKG driver opens it.
struct Table {
    std::string name;             ///< as gpkg_contents spells it
    std::string id_column;        ///< the integer primary key (GDAL's fid)
    std::string geometry_column;
    std::string geometry_type;    ///< POINT, MULTIPOINT, POLYGON or MULTIPOLYGON
    std::string source_crs;       ///< "EPSG:<code>"
};

Table open_table(sqlite3* db, const VectorRequest& req) {
    Table t;
    {
        const auto st = prepare_statement(db, "PRAGMA application_id");
        if (!st || sqlite3_step(st.get()) != SQLITE_ROW ||
            sqlite3_column_int64(st.get(), 0) != kGpkgApplicationId)
            throw NotSimple{};
    }
    std::int64_t srs_id = 0;
    {
        const auto st = prepare_statement(
            db,
            "SELECT c.table_name, c.data_type, g.column_name, g.geometry_type_name, g.srs_id,"
            " g.z, g.m FROM gpkg_contents c JOIN gpkg_geometry_columns g"
            " ON g.table_name = c.table_name WHERE c.table_name = ?");
        if (!st) throw NotSimple{};
        sqlite3_bind_text(st.get(), 1, req.layer.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) != SQLITE_ROW) throw NotSimple{};
        t.name = column_text(st.get(), 0);
        t.geometry_column = column_text(st.get(), 2);
        t.geometry_type = column_text(st.get(), 3);
        srs_id = sqlite3_column_int64(st.get(), 4);
        if (t.name != req.layer || column_text(st.get(), 1) != "features" ||
            sqlite3_column_int(st.get(), 5) != 0 || sqlite3_column_int(st.get(), 6) != 0 ||
            sqlite3_step(st.get()) != SQLITE_DONE)
            throw NotSimple{};
    }
    const bool points = t.geometry_type == "POINT" || t.geometry_type == "MULTIPOINT";
    const bool polygons = t.geometry_type == "POLYGON" || t.geometry_type == "MULTIPOLYGON";
    // A layer of the kind the request refuses: GDAL's error.
    if (!(points || polygons) || (points && req.want == GeometryWant::polygons) ||
        (polygons && req.want == GeometryWant::points))
        throw NotSimple{};
    // The CRS: GDAL takes an EPSG system whose code is its srs_id from the EPSG database
    // (read_vector then names it "EPSG:<code>"); any other is read from its WKT by GDAL.
    t.source_crs = req.crs_override;
    if (t.source_crs.empty()) {
        const auto st = prepare_statement(
            db,
            "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys"
            " WHERE srs_id = ?");
        if (!st) throw NotSimple{};
        sqlite3_bind_int64(st.get(), 1, srs_id);
        if (sqlite3_step(st.get()) != SQLITE_ROW ||
            !ascii_iequals(column_text(st.get(), 0), "EPSG") ||
            sqlite3_column_type(st.get(), 1) != SQLITE_INTEGER ||
            sqlite3_column_int64(st.get(), 1) != srs_id || srs_id <= 0)
            throw NotSimple{};
        t.source_crs = "EPSG:" + std::to_string(srs_id);
    }
    return t;
}

RawLayer read(sqlite3* db, const VectorRequest& req) {
    const Table t = open_table(db, req);
    RawLayer out;
    out.layer = t.name;
    out.source_crs = t.source_crs;

    // The columns: the integer primary key, the geometry, and each requested field spelled
    // exactly as the table does (GDAL also matches another case: its choice, not ours).
    std::string id_column;
    std::vector<std::pair<std::string, std::string>> columns;  // name, declared type
    {
        const auto st = prepare_statement(
            db, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
        if (!st) throw NotSimple{};
        sqlite3_bind_text(st.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
        int keys = 0;
        while (sqlite3_step(st.get()) == SQLITE_ROW) {
            const std::string name(column_text(st.get(), 0));
            const std::string type(column_text(st.get(), 1));
            if (sqlite3_column_int(st.get(), 2) != 0) {
                ++keys;
                if (ascii_iequals(type, "INTEGER")) id_column = name;
                continue;
            }
            columns.emplace_back(name, type);
        }
        if (keys != 1 || id_column.empty()) throw NotSimple{};
    }
    std::vector<FieldKind> kinds;
    std::vector<int> at;  // each field's column in the statement (-1: always null)
    std::string select = "SELECT " + quoted_identifier(id_column) + ", " +
                         quoted_identifier(t.geometry_column);
    for (const std::string& want : req.fields) {
        if (want.empty()) {
            kinds.push_back(FieldKind::null_always);
            at.push_back(-1);
            continue;
        }
        const auto it = std::find_if(columns.begin(), columns.end(),
                                     [&](const auto& c) { return ascii_iequals(c.first, want); });
        if (it == columns.end() || it->first != want || it->first == t.geometry_column)
            throw NotSimple{};
        kinds.push_back(field_kind(it->second));
        const auto skipped = static_cast<std::size_t>(std::count(at.begin(), at.end(), -1));
        at.push_back(static_cast<int>(2 + at.size() - skipped));
        select += ", " + quoted_identifier(it->first);
    }
    select += " FROM " + quoted_identifier(t.name);

    // A spatial filter (points only): the rows whose point lies in the filter's box, as
    // GDAL's filter on a rectangle keeps them, found through the table's R-tree when it has
    // one, in the order of their ids.
    std::optional<BoxM> box;
    if (!req.within.empty()) {
        if (t.geometry_type != "POINT") throw NotSimple{};
        box = filter_box(req.within, request_transform(req, t.source_crs));
    }
    std::string rtree;
    if (box) {
        const std::string name = "rtree_" + t.name + "_" + t.geometry_column;
        if (const auto st = prepare_statement(
                db, "SELECT 1 FROM gpkg_extensions e JOIN sqlite_master m ON m.name = ?"
                    " WHERE e.table_name = ? AND e.column_name = ?"
                    " AND e.extension_name = 'gpkg_rtree_index'")) {
            sqlite3_bind_text(st.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st.get(), 2, t.name.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st.get(), 3, t.geometry_column.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st.get()) == SQLITE_ROW) rtree = name;
        }
        if (!rtree.empty())
            select += " WHERE " + quoted_identifier(id_column) + " IN (SELECT id FROM " +
                      quoted_identifier(rtree) +
                      " WHERE maxx >= ?1 AND minx <= ?2 AND maxy >= ?3 AND miny <= ?4)";
    }
    select += " ORDER BY " + quoted_identifier(id_column);
    const auto st = prepare_statement(db, select);
    if (!st) throw NotSimple{};
    if (!rtree.empty()) {
        sqlite3_bind_double(st.get(), 1, box->min_x_m);
        sqlite3_bind_double(st.get(), 2, box->max_x_m);
        sqlite3_bind_double(st.get(), 3, box->min_y_m);
        sqlite3_bind_double(st.get(), 4, box->max_y_m);
    }

    const std::size_t n_fields = req.fields.size();
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
        RawFeature raw;
        VectorFeature& f = raw.feature;
        if (sqlite3_column_type(st.get(), 0) != SQLITE_INTEGER) throw NotSimple{};
        f.fid = sqlite3_column_int64(st.get(), 0);
        const int gtype = sqlite3_column_type(st.get(), 1);
        if (gtype != SQLITE_NULL && gtype != SQLITE_BLOB) throw NotSimple{};
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st.get(), 1));
        read_geometry(gtype == SQLITE_NULL ? nullptr : blob,
                      static_cast<std::size_t>(sqlite3_column_bytes(st.get(), 1)), req.want, raw);
        if (box) {
            // GDAL's filter drops null and empty geometries and points outside the box
            // (its bounds included); they are not read at all.
            if (raw.problem || !raw.is_point || !(raw.px >= box->min_x_m) ||
                !(raw.px <= box->max_x_m) || !(raw.py >= box->min_y_m) ||
                !(raw.py <= box->max_y_m))
                continue;
        }
        ++out.features_read;
        if (!raw.problem) {
            f.values.reserve(n_fields);
            f.is_null.reserve(n_fields);
            for (std::size_t k = 0; k < n_fields; ++k) {
                const int col = at[k];
                const int type = col < 0 ? SQLITE_NULL : sqlite3_column_type(st.get(), col);
                if (type == SQLITE_NULL) {
                    f.values.emplace_back();
                    f.is_null.push_back(true);
                    continue;
                }
                switch (kinds[k]) {
                case FieldKind::integer:
                    if (type != SQLITE_INTEGER) throw NotSimple{};
                    f.values.push_back(std::to_string(sqlite3_column_int64(st.get(), col)));
                    break;
                case FieldKind::real:
                    if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) throw NotSimple{};
                    f.values.push_back(gdal_real(sqlite3_column_double(st.get(), col)));
                    break;
                case FieldKind::text: {
                    if (type != SQLITE_TEXT) throw NotSimple{};
                    const std::string_view s = column_text(st.get(), col);
                    if (s.find('\0') != std::string_view::npos) throw NotSimple{};
                    f.values.emplace_back(s);
                    break;
                }
                case FieldKind::null_always:
                    break;
                }
                f.is_null.push_back(false);
            }
        }
        out.raws.push_back(std::move(raw));
    }
    if (rc != SQLITE_DONE) throw NotSimple{};
    return out;
}

}  // namespace

std::optional<RawLayer> read_simple_geopackage(const VectorRequest& req) {
    if (req.all_attributes || req.layer.empty() || req.dataset != nullptr) return std::nullopt;
    const std::filesystem::path path(req.path);
    if (!ascii_iequals(path.extension().string(), ".gpkg")) return std::nullopt;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || ec) return std::nullopt;
    const SqliteDb db = open_read_only(req.path);
    if (!db) return std::nullopt;
    try {
        return read(db.get(), req);
    } catch (const NotSimple&) {
        return std::nullopt;
    }
}

}  // namespace assetmap::io::detail
