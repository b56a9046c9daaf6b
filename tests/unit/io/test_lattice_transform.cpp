/// @file Tests of the interpolated transform (assetmap/io/lattice_transform.hpp) against
/// PROJ's exact one (CrsTransform, itself checked against cs2cs in test_crs_transform.cpp).
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/lattice_transform.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <random>

using assetmap::PointM;
using assetmap::io::CrsTransform;
using assetmap::io::LatticeTransform;

TEST_CASE("lattice transform: within its bound of PROJ over Great Britain", "[io][lattice]") {
    const CrsTransform exact("EPSG:4326", "EPSG:27700");
    auto nodes = std::make_shared<assetmap::io::LatticeNodes>(exact, 0.02);
    LatticeTransform lattice(nodes);
    std::mt19937_64 rng(27700);
    // Great Britain, and Wales densely (most of the cells are built several times over).
    std::uniform_real_distribution<double> lon(-8.0, 1.8), lat(49.9, 60.8);
    std::uniform_real_distribution<double> wlon(-5.4, -2.6), wlat(51.3, 53.5);
    double worst_ratio = 0.0, worst_bound = 0.0;
    std::size_t n = 0;
    for (int i = 0; i < 200000; ++i) {
        const bool wales = i % 2 == 0;
        const double x = wales ? wlon(rng) : lon(rng), y = wales ? wlat(rng) : lat(rng);
        PointM approx;
        double bound = 0.0;
        REQUIRE(lattice.approximate(x, y, approx, bound));
        const auto m = exact.to_metric(x, y);
        REQUIRE(m);
        const double err = std::max(std::abs(approx.x_m - m->x_m), std::abs(approx.y_m - m->y_m));
        worst_ratio = std::max(worst_ratio, err / bound);
        worst_bound = std::max(worst_bound, bound);
        ++n;
    }
    // Every error inside its bound, with room to spare (the bound is 4x the sampled worst
    // plus 1 mm); bilinear at 0.02 degrees errs by about 5 cm, so bounds stay well under 1 m.
    CHECK(worst_ratio < 0.5);
    CHECK(worst_bound < 1.0);
    CHECK(lattice.cells_built() > 1000);
    // A second thread's lattice reuses the nodes: the same points, the same bits.
    LatticeTransform again(nodes);
    const std::size_t made = nodes->size();
    PointM a, b;
    double ba = 0, bb = 0;
    REQUIRE(lattice.approximate(-3.1, 51.6, a, ba));
    REQUIRE(again.approximate(-3.1, 51.6, b, bb));
    CHECK((a.x_m == b.x_m && a.y_m == b.y_m && ba == bb));
    CHECK(nodes->size() == made);
}

TEST_CASE("lattice transform: nothing interpolated from a projected CRS", "[io][lattice]") {
    const CrsTransform exact("EPSG:27700", "EPSG:27700");
    LatticeTransform lattice(std::make_shared<assetmap::io::LatticeNodes>(exact, 0.02));
    PointM p;
    double bound = 0.0;
    CHECK_FALSE(lattice.approximate(331000.0, 188000.0, p, bound));
    const CrsTransform geo("EPSG:4326", "EPSG:27700");
    LatticeTransform l2(std::make_shared<assetmap::io::LatticeNodes>(geo, 0.02));
    CHECK_FALSE(l2.approximate(NAN, 51.0, p, bound));
}
