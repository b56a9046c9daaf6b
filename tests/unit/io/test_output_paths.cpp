#include <assetmap/core/error.hpp>
#include <assetmap/io/output_paths.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace assetmap;
namespace fs = std::filesystem;

TEST_CASE("outputs stay inside their folder", "[io][output]") {
    CHECK(io::output_in_folder("out/newport", "newport.gpkg") == "out/newport/newport.gpkg");
    for (const char* bad : {"", ".", "..", "../x.gpkg", "a/b.gpkg", "/etc/passwd", "a\\b"}) {
        INFO(bad);
        CHECK_THROWS_AS(io::output_in_folder("out", bad), io_error);
    }
}

TEST_CASE("no output may be one of the inputs", "[io][output]") {
    const fs::path dir = test::temp_dir("output_paths");
    const fs::path points = dir / "points.csv";
    std::ofstream(points) << "x,y\n1,2\n";
    fs::create_directories(dir / "sub");
    const std::vector<io::InputFile> inputs = {{points.string(), "--points"}};
    auto refused = [&](const fs::path& out) {
        try {
            io::check_not_an_input(out.string(), inputs);
            return std::string();
        } catch (const io_error& e) {
            return std::string(e.what());
        }
    };
    CHECK(refused(points).find("would write over the input") != std::string::npos);
    CHECK(refused(points).find("(--points)") != std::string::npos);
    CHECK_FALSE(refused(dir / "sub" / ".." / "points.csv").empty());  // the same path
    fs::create_symlink(points, dir / "link.csv");
    CHECK_FALSE(refused(dir / "link.csv").empty());  // a symbolic link to it
    fs::create_hard_link(points, dir / "hard.csv");
    CHECK_FALSE(refused(dir / "hard.csv").empty());  // the same inode under another name
    CHECK(refused(dir / "counts.csv").empty());      // a new file
    CHECK(refused(dir / "sub").empty());
    CHECK_NOTHROW(io::check_not_an_input("PG:dbname=x", inputs));

    Study s;
    s.file = (dir / "study.toml").string();
    s.taxonomy_path = (dir / "taxonomy.toml").string();
    s.areas.path = (dir / "areas.shp").string();
    AssetSource gtfs;
    gtfs.name = "bus";
    gtfs.path = "/vsizip/" + (dir / "gtfs.zip").string() + "/stops.txt";
    s.assets.push_back(gtfs);
    AssetSource web;
    web.name = "web";
    web.path = "/vsicurl/https://example.org/a.geojson";
    s.assets.push_back(web);
    std::vector<std::string> paths;
    for (const auto& in : io::study_inputs(s)) paths.push_back(in.path);
    CHECK(paths == std::vector<std::string>{s.file, s.taxonomy_path, s.areas.path,
                                            (dir / "areas.shx").string(),
                                            (dir / "areas.dbf").string(),
                                            (dir / "areas.prj").string(),
                                            (dir / "areas.cpg").string(),
                                            (dir / "gtfs.zip").string()});
}
