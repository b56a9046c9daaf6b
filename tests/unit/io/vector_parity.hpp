#pragma once
// read_vector's fast readers against GDAL: the same request read both ways (gdal_only) must
// give the same layer, CRS, transform, features (fids, values, nulls, every coordinate bit for
// bit after the transform), problems and errors. For test_simple_geojson and
// test_simple_geopackage.

#include <assetmap/core/error.hpp>
#include <assetmap/io/vector_reader.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::test {


struct Outcome {
    std::optional<io::VectorData> data;
    std::string error;  ///< the exception's message when read_vector threw
    std::vector<std::string> problems;
};

inline Outcome read(io::VectorRequest r, bool gdal_only) {
    r.gdal_only = gdal_only;
    Outcome out;
    ProblemReport problems;
    try {
        out.data = io::read_vector(r, problems);
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    for (const auto& p : problems.problems())
        out.problems.push_back(std::string(to_string(p.kind)) + "|" + p.source + "|" + p.layer +
                               "|" + p.feature + "|" + p.field + "|" + p.message);
    return out;
}

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Reads `r` both ways, checks they agree, and returns which reader the default took.
inline std::string check_same(const io::VectorRequest& r) {
    INFO(r.path);
    const Outcome fast = read(r, false);
    const Outcome gdal = read(r, true);
    CHECK(fast.error == gdal.error);
    CHECK(fast.problems == gdal.problems);
    REQUIRE(fast.data.has_value() == gdal.data.has_value());
    if (!fast.data) return "error";
    const auto& a = *fast.data;
    const auto& b = *gdal.data;
    CHECK(b.reader == "GDAL");
    CHECK(a.layer == b.layer);
    CHECK(a.source_crs == b.source_crs);
    CHECK(a.transform == b.transform);
    CHECK(a.features_read == b.features_read);
    REQUIRE(a.features.size() == b.features.size());
    std::size_t vertices = 0, differ = 0;
    for (std::size_t i = 0; i < a.features.size(); ++i) {
        const auto& fa = a.features[i];
        const auto& fb = b.features[i];
        INFO("feature " << i);
        CHECK(fa.fid == fb.fid);
        CHECK(fa.values == fb.values);
        CHECK(fa.is_null == fb.is_null);
        CHECK(fa.is_polygon == fb.is_polygon);
        if (!fa.is_polygon) {
            differ += !same_bits(fa.point.x_m, fb.point.x_m) || !same_bits(fa.point.y_m, fb.point.y_m);
            continue;
        }
        REQUIRE(fa.polygon.size() == fb.polygon.size());
        for (std::size_t p = 0; p < fa.polygon.size(); ++p) {
            REQUIRE(fa.polygon[p].holes.size() == fb.polygon[p].holes.size());
            for (std::size_t r2 = 0; r2 <= fa.polygon[p].holes.size(); ++r2) {
                const RingM& ra = r2 == 0 ? fa.polygon[p].outer : fa.polygon[p].holes[r2 - 1];
                const RingM& rb = r2 == 0 ? fb.polygon[p].outer : fb.polygon[p].holes[r2 - 1];
                REQUIRE(ra.size() == rb.size());
                for (std::size_t k = 0; k < ra.size(); ++k, ++vertices)
                    differ += !same_bits(ra[k].x_m, rb[k].x_m) || !same_bits(ra[k].y_m, rb[k].y_m);
            }
        }
    }
    INFO(vertices << " vertices");
    CHECK(differ == 0);
    return a.reader;
}

inline io::VectorRequest request(const std::string& path, std::vector<std::string> fields,
                          io::GeometryWant want = io::GeometryWant::points_or_polygons) {
    io::VectorRequest r;
    r.path = path;
    r.target_crs = "EPSG:27700";
    r.fields = std::move(fields);
    r.want = want;
    r.threads = 2;
    return r;
}

}  // namespace assetmap::test
