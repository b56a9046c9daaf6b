// Catchments on sparse grids (network::walking_distance_grid + spatial::trace_levels) against
// the dense code they replaced (tests/support/dense_catchment.cpp: a float grid over the
// reached network's bounding box, traced by GDALPolygonize). GEOS measures the difference:
// the symmetric difference's area and the Hausdorff distance, which must stay within 5 m
// (they are 0: the same cells are traced).
#include <assetmap/atlas/nearby.hpp>
#include <assetmap/ingest/ingest.hpp>
#include <assetmap/io/study_file.hpp>
#include <assetmap/io/taxonomy_file.hpp>
#include <assetmap/network/catchment.hpp>
#include <assetmap/spatial/grid_tracer.hpp>

#include "../support/dense_catchment.hpp"
#include "../support/paths.hpp"

#include <catch2/catch.hpp>

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

using namespace assetmap;

namespace {

std::string wkt(const MultiPolygonM& mp) {
    std::ostringstream s;
    s.precision(17);
    s << "MULTIPOLYGON(";
    for (std::size_t p = 0; p < mp.size(); ++p) {
        s << (p ? "," : "") << "(";
        std::vector<const RingM*> rings{&mp[p].outer};
        for (const auto& h : mp[p].holes) rings.push_back(&h);
        for (std::size_t r = 0; r < rings.size(); ++r) {
            s << (r ? "," : "") << "(";
            const RingM& ring = *rings[r];
            for (std::size_t i = 0; i < ring.size(); ++i)
                s << (i ? "," : "") << ring[i].x_m << " " << ring[i].y_m;
            if (!(ring.front() == ring.back())) s << "," << ring[0].x_m << " " << ring[0].y_m;
            s << ")";
        }
        s << ")";
    }
    s << ")";
    return mp.empty() ? "MULTIPOLYGON EMPTY" : s.str();
}

struct Geos {
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
    ~Geos() {
        GEOSWKTReader_destroy_r(h, reader);
        GEOS_finish_r(h);
    }
    GEOSGeometry* read(const MultiPolygonM& mp) { return GEOSWKTReader_read_r(h, reader, wkt(mp).c_str()); }
};

struct Difference {
    double area_new = 0, area_old = 0, sym_diff_m2 = 0, hausdorff_m = 0;
    bool valid = true;
};

Difference compare(Geos& g, const MultiPolygonM& fresh, const MultiPolygonM& old) {
    Difference d;
    GEOSGeometry* a = g.read(fresh);
    GEOSGeometry* b = g.read(old);
    REQUIRE(a);
    REQUIRE(b);
    d.valid = GEOSisValid_r(g.h, a) == 1;
    GEOSArea_r(g.h, a, &d.area_new);
    GEOSArea_r(g.h, b, &d.area_old);
    // The old polygons are a coverage of separate pieces; union them before comparing.
    GEOSGeometry* ub = GEOSUnaryUnion_r(g.h, b);
    GEOSGeometry* x = GEOSSymDifference_r(g.h, a, ub);
    GEOSArea_r(g.h, x, &d.sym_diff_m2);
    if (!GEOSisEmpty_r(g.h, a) && !GEOSisEmpty_r(g.h, ub))
        GEOSHausdorffDistance_r(g.h, a, ub, &d.hausdorff_m);
    for (GEOSGeometry* p : {a, b, ub, x}) GEOSGeom_destroy_r(g.h, p);
    return d;
}

}  // namespace

TEST_CASE("grid tracer equals GDALPolygonize on random grids", "[grid][reference]") {
    // Random blobs of values on a 150 × 130 grid placed across tile edges: holes, islands,
    // corner-to-corner cells of every kind. The same cells traced both ways: same area, no
    // symmetric difference, the same number of polygons and holes; every polygon valid.
    Geos g;
    std::mt19937_64 rng(1981);
    for (int round = 0; round < 20; ++round) {
        const std::uint32_t w = 150, h = 130, col0 = 40 + round, row0 = 30;
        test::DenseGrid dense;
        dense.min_x_m = 300000.0 + col0 * 10.0;
        dense.max_y_m = 200000.0 - row0 * 10.0;
        dense.cell_m = 10.0;
        dense.width = w;
        dense.height = h;
        dense.values.assign(std::size_t(w) * h, test::DenseGrid::none);
        SparseGridM sparse(300000.0, 200000.0, 10.0);
        std::uniform_int_distribution<int> pick(0, 9);
        const int density = 3 + round % 5;  // of 10
        for (std::uint32_t r = 0; r < h; ++r)
            for (std::uint32_t c = 0; c < w; ++c) {
                if (pick(rng) >= density) continue;
                const float v = float(pick(rng));
                dense.at(c, r) = v;
                sparse.cell(col0 + c, row0 + r) = v;
            }
        const std::vector<double> levels{2.0, 5.0, 9.0};
        const auto fresh = spatial::trace_levels(sparse, levels);
        const auto old = test::dense_polygonize_levels(dense, levels);
        for (std::size_t k = 0; k < levels.size(); ++k) {
            const Difference d = compare(g, fresh[k], old[k]);
            INFO("round " << round << " level " << levels[k]);
            CHECK(d.valid);
            CHECK(d.area_new == Approx(d.area_old));
            CHECK(d.sym_diff_m2 < 1e-6);
            CHECK(d.hausdorff_m < 1e-6);
            std::size_t holes_new = 0, holes_old = 0;
            for (const auto& p : fresh[k]) holes_new += p.holes.size();
            for (const auto& p : old[k]) holes_old += p.holes.size();
            CHECK(fresh[k].size() == old[k].size());
            CHECK(holes_new == holes_old);
        }
    }
}

TEST_CASE("Newport catchments: sparse equals the dense grid within 5 m", "[data][reference]") {
    if (!std::filesystem::exists(test::shared_data())) {
        WARN("shared data not present; skipped");
        return;
    }
    const Study study =
        io::load_study(test::source_dir() + "/datasets/newport/study.toml", test::shared_data());
    const Taxonomy taxonomy = io::load_taxonomy(study.taxonomy_path);
    const StudyData data = ingest::ingest_study(study, taxonomy, {});
    REQUIRE(data.network);
    const atlas::NearbyFinder walking(data, taxonomy);
    const double m_per_min = data.walk_speed_kmh * 1000.0 / 60.0;
    std::vector<double> limits;
    for (double minutes : data.catchment_minutes) limits.push_back(minutes * m_per_min);
    Geos g;
    std::size_t compared = 0;
    double worst_hausdorff = 0, worst_sym = 0, dense_bytes = 0, sparse_bytes = 0;
    for (const auto& category : taxonomy.categories()) {
        const auto sources = walking.snaps_of(category.id);
        if (sources.empty()) continue;
        const auto sparse =
            network::walking_distance_grid(walking.graph(), sources, limits.back(), 50.0, 10.0);
        const auto dense =
            test::dense_walking_distance_grid(walking.graph(), sources, limits.back(), 50.0, 10.0);
        dense_bytes += double(dense.values.size() * sizeof(float));
        sparse_bytes += double(sparse.bytes());
        const auto fresh = spatial::trace_levels(sparse, limits);
        const auto old = test::dense_polygonize_levels(dense, limits);
        for (std::size_t k = 0; k < limits.size(); ++k) {
            const Difference d = compare(g, fresh[k], old[k]);
            INFO(category.id << " " << data.catchment_minutes[k] << " min");
            CHECK(d.valid);
            CHECK(d.hausdorff_m <= 5.0);
            CHECK(d.sym_diff_m2 <= 1e-3 * std::max(1.0, d.area_old));
            worst_hausdorff = std::max(worst_hausdorff, d.hausdorff_m);
            worst_sym = std::max(worst_sym, d.sym_diff_m2);
            ++compared;
        }
    }
    CHECK(compared >= 30);
    std::printf("catchments compared: %zu, worst Hausdorff %.3f m, worst symmetric difference "
                "%.3f m2; grid memory dense %.1f MB, sparse %.1f MB\n",
                compared, worst_hausdorff, worst_sym, dense_bytes / 1e6, sparse_bytes / 1e6);
}
