// Streamed layers (OutputLayer::stream): the rows made while the layer is written give the
// same bytes as the same rows held in the layer, in every file format; a changed vertex
// does not (the comparison can fail); a stream that throws, or makes another number of rows
// than it announced, leaves no output.
#include <assetmap/core/error.hpp>
#include <assetmap/io/layer_writer.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

using namespace assetmap;
using namespace assetmap::io;
namespace fs = std::filesystem;

namespace {

std::string bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Every file of a folder (name → bytes), staging folders included (there must be none).
std::map<std::string, std::string> files_of(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out[e.path().filename().string()] = bytes(e.path());
    return out;
}

RingM square(double x, double y, double side) {
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}};
}

/// Points, multipolygons (one with a hole, one of two parts) and a table.
std::vector<OutputLayer> held_layers() {
    OutputLayer assets;
    assets.name = "assets";
    assets.geometry = LayerGeometry::point;
    assets.fields = {{"name", FieldType::string}, {"visits", FieldType::integer}};
    for (int i = 0; i < 7; ++i) {
        assets.rows.push_back({std::string("asset ") + std::to_string(i), std::int64_t{i}});
        assets.points.push_back({331000.0 + 10 * i, 188000.0 + 5 * i});
    }
    OutputLayer areas;
    areas.name = "catchments";
    areas.geometry = LayerGeometry::multipolygon;
    areas.fields = {{"category", FieldType::string}, {"minutes", FieldType::real}};
    for (int i = 0; i < 5; ++i) {
        areas.rows.push_back({std::string("c") + std::to_string(i), 5.0 * (i + 1)});
        MultiPolygonM mp{PolygonM{square(331000 + 200 * i, 188000, 100),
                                  {square(331040 + 200 * i, 188040, 20)}}};
        if (i % 2) mp.push_back(PolygonM{square(331000 + 200 * i, 188300, 50), {}});
        areas.polygons.push_back(mp);
    }
    OutputLayer meta;
    meta.name = "metadata";
    meta.fields = {{"key", FieldType::string}, {"value", FieldType::string}};
    meta.rows = {{std::string("study"), std::string("tiny")}};
    return {assets, areas, meta};
}

/// The layer with its rows handed out by a stream, `chunk` rows at a time.
OutputLayer streamed(OutputLayer held, std::size_t chunk) {
    OutputLayer out;
    out.name = held.name;
    out.geometry = held.geometry;
    out.fields = held.fields;
    out.stream_rows = held.rows.size();
    out.stream = [held, chunk](const RowSink& sink) {
        for (std::size_t first = 0; first < held.rows.size(); first += chunk) {
            OutputLayer c;
            for (std::size_t r = first; r < std::min(held.rows.size(), first + chunk); ++r) {
                c.rows.push_back(held.rows[r]);
                if (held.geometry == LayerGeometry::point) c.points.push_back(held.points[r]);
                if (held.geometry == LayerGeometry::multipolygon)
                    c.polygons.push_back(held.polygons[r]);
            }
            sink(std::move(c));
        }
    };
    return out;
}

std::vector<OutputLayer> streamed_layers(std::size_t chunk) {
    auto layers = held_layers();
    for (auto& l : layers)
        if (l.geometry != LayerGeometry::none) l = streamed(l, chunk);
    return layers;
}

ExportOptions options_for(const fs::path& dest, OutputFormat f) {
    ExportOptions o;
    o.destination = dest.string();
    o.format = f;
    o.source_crs = "EPSG:27700";
    o.timestamp_utc = "2026-01-01T00:00:00Z";
    return o;
}

}  // namespace

TEST_CASE("a streamed layer writes the same bytes as its rows held, in every file format",
          "[layer_writer][stream]") {
    // Expected: byte equality with the held layers (the writer's existing path, whose
    // output the other layer_writer tests check against GDAL's reading of it).
    for (const auto format : {OutputFormat::gpkg, OutputFormat::flatgeobuf, OutputFormat::geojson,
                              OutputFormat::csv, OutputFormat::shapefile}) {
        INFO("format " << to_string(format));
        const auto dir = test::temp_dir(std::string("layer_stream_") + to_string(format));
        const auto held_dir = dir / "held", one_dir = dir / "one", three_dir = dir / "three",
                   bad_dir = dir / "bad";
        for (const auto& d : {held_dir, one_dir, three_dir, bad_dir}) fs::create_directories(d);
        const std::string file = std::string("out.") + to_string(format);
        const auto held = write_layers(held_layers(), options_for(held_dir / file, format));
        const auto one = write_layers(streamed_layers(1), options_for(one_dir / file, format));
        write_layers(streamed_layers(3), options_for(three_dir / file, format));
        const auto expected = files_of(held_dir);
        CHECK(expected.size() >= (format == OutputFormat::gpkg ? 1u : 3u));
        CHECK(files_of(one_dir) == expected);
        CHECK(files_of(three_dir) == expected);
        CHECK(one.outputs.size() == held.outputs.size());

        // One vertex 1 m off in the streamed rows: the files differ (the check can fail).
        auto layers = held_layers();
        layers[1].polygons[3][0].outer[1].x_m += 1.0;
        layers[1] = streamed(layers[1], 2);
        write_layers(layers, options_for(bad_dir / file, format));
        CHECK(files_of(bad_dir) != expected);
    }
}

TEST_CASE("a stream that fails or miscounts its rows leaves no output", "[layer_writer][stream]") {
    for (const auto format : {OutputFormat::gpkg, OutputFormat::flatgeobuf}) {
        INFO("format " << to_string(format));
        const auto dir = test::temp_dir(std::string("layer_stream_fail_") + to_string(format));
        const auto dest = dir / (std::string("out.") + to_string(format));

        auto layers = streamed_layers(2);
        layers[1].stream_rows = 4;  // it makes 5
        CHECK_THROWS_WITH(write_layers(layers, options_for(dest, format)),
                          Catch::Contains("catchments") &&
                              Catch::Contains("made 5 rows, not the 4 announced"));
        CHECK(fs::is_empty(dir));

        layers = streamed_layers(2);
        layers[1].stream = [](const RowSink&) { throw std::runtime_error("tracing failed"); };
        CHECK_THROWS_WITH(write_layers(layers, options_for(dest, format)), "tracing failed");
        CHECK(fs::is_empty(dir));

        layers = streamed_layers(2);
        layers[1].stream = [](const RowSink& sink) {
            OutputLayer c;
            c.rows = {{std::string("c0")}};  // one value for two fields
            c.polygons = {MultiPolygonM{PolygonM{square(331000, 188000, 10), {}}}};
            sink(std::move(c));
        };
        layers[1].stream_rows = 1;
        CHECK_THROWS_WITH(write_layers(layers, options_for(dest, format)),
                          Catch::Contains("row 0 has 1 values for 2 fields"));
        CHECK(fs::is_empty(dir));
    }
}

TEST_CASE("FlatGeobuf refuses a streamed row without geometry", "[layer_writer][stream]") {
    // A held layer with such a row goes to CSV (FlatGeobuf cannot store it); a streamed one
    // cannot be sent there once its first rows are written, so it fails, and leaves nothing.
    const auto dir = test::temp_dir("layer_stream_null");
    auto layers = held_layers();
    layers[1].polygons[2].clear();
    layers[1] = streamed(layers[1], 2);
    CHECK_THROWS_WITH(write_layers(layers, options_for(dir / "out.fgb", OutputFormat::flatgeobuf)),
                      Catch::Contains("row 2 has no geometry"));
    CHECK(fs::is_empty(dir));
    // A GeoPackage stores it as a null geometry.
    CHECK_NOTHROW(write_layers(layers, options_for(dir / "out.gpkg", OutputFormat::gpkg)));
}

TEST_CASE("collect_rows runs a stream into rows", "[layer_writer][stream]") {
    const auto held = held_layers()[1];
    const OutputLayer collected = collect_rows(streamed(held, 2));
    CHECK_FALSE(collected.stream);
    CHECK(collected.stream_rows == 0);
    CHECK(collected.rows == held.rows);
    REQUIRE(collected.polygons.size() == held.polygons.size());
    for (std::size_t i = 0; i < held.polygons.size(); ++i) {
        REQUIRE(collected.polygons[i].size() == held.polygons[i].size());
        CHECK(collected.polygons[i][0].outer.size() == held.polygons[i][0].outer.size());
    }
    CHECK(row_count(streamed(held, 2)) == 5);
    CHECK(row_count(held) == 5);
}
