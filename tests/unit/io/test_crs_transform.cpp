#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace assetmap;
using io::CrsTransform;

// Expected values from PROJ's cs2cs 9.1.1 (Debian proj-bin), commands given per case.
// Tolerance 1 mm: the same library and operation, so they agree to rounding.

TEST_CASE("WGS84 lon/lat to British National Grid matches cs2cs", "[io][crs]") {
    const CrsTransform t("EPSG:4326", "EPSG:27700");
    struct Case {
        double lon, lat, e, n;
    };
    // echo "51.58 -3.0"      | cs2cs -f %.3f EPSG:4326 EPSG:27700 → 330804.277 187267.211
    // echo "51.4816 -3.1791" | cs2cs -f %.3f EPSG:4326 EPSG:27700 → 318217.994 176508.920
    // echo "53.2 -4.1"       | cs2cs -f %.3f EPSG:4326 EPSG:27700 → 259822.347 369050.781
    // echo "51.5296 -3.0764" | cs2cs -f %.3f EPSG:4326 EPSG:27700 → 325427.973 181737.246
    const Case cases[] = {{-3.0, 51.58, 330804.277, 187267.211},
                          {-3.1791, 51.4816, 318217.994, 176508.920},
                          {-4.1, 53.2, 259822.347, 369050.781},
                          {-3.0764, 51.5296, 325427.973, 181737.246}};
    for (const auto& c : cases) {
        // EPSG:4326 is lat/lon by definition; CrsTransform takes lon first (GIS order).
        const auto p = t.to_metric(c.lon, c.lat);
        REQUIRE(p);
        CHECK(p->x_m == Approx(c.e).margin(0.001));
        CHECK(p->y_m == Approx(c.n).margin(0.001));
    }
    CHECK(t.source_is_geographic());
    // The Helmert transformation (no OSTN15 grid in Debian's proj-data), about 2 m.
    CHECK(t.description().find("OSGB36 to WGS 84") != std::string::npos);
}

TEST_CASE("OGC:CRS84 gives the same result as EPSG:4326 (axis order handled)", "[io][crs]") {
    // echo "-3.0 51.58" | cs2cs -f %.3f OGC:CRS84 EPSG:27700 → 330804.277 187267.211
    const CrsTransform t("OGC:CRS84", "EPSG:27700");
    const auto p = t.to_metric(-3.0, 51.58);
    REQUIRE(p);
    CHECK(p->x_m == Approx(330804.277).margin(0.001));
    CHECK(p->y_m == Approx(187267.211).margin(0.001));
}

TEST_CASE("inverse: BNG back to lon/lat matches cs2cs", "[io][crs]") {
    // echo "318000 176000" | cs2cs -f %.7f EPSG:27700 EPSG:4326 → 51.4769934 -3.1821202
    const CrsTransform t("EPSG:4326", "EPSG:27700");
    const auto ll = t.to_source(PointM{318000, 176000});
    REQUIRE(ll);
    CHECK(ll->lon_deg == Approx(-3.1821202).margin(1e-7));
    CHECK(ll->lat_deg == Approx(51.4769934).margin(1e-7));
}

TEST_CASE("identity and out-of-range checks", "[io][crs]") {
    const CrsTransform same("EPSG:27700", "EPSG:27700");
    const auto p = same.to_metric(331000, 188000);
    REQUIRE(p);
    CHECK(p->x_m == Approx(331000));
    CHECK(same.in_source_area_of_use(331000, 188000));
    CHECK_FALSE(same.in_source_area_of_use(5e7, 5e7));

    const CrsTransform t("EPSG:4326", "EPSG:27700");
    CHECK(t.in_source_area_of_use(-3.0, 51.5));
    CHECK_FALSE(t.in_source_area_of_use(-3.0, 95.0));  // latitude beyond the pole
    CHECK_FALSE(t.in_source_area_of_use(330000, 187000));  // metres given as degrees
    CHECK_FALSE(t.to_metric(std::nan(""), 51.0));
}

TEST_CASE("without the range check: the same coordinates, projected sources not checked",
          "[io][crs]") {
    using Range = CrsTransform::RangeCheck;
    const CrsTransform checked("EPSG:27700", "EPSG:3857");
    const CrsTransform unchecked("EPSG:27700", "EPSG:3857", Range::no);
    // The same transformation, bit for bit, in and out of the area of use.
    std::vector<double> xa, ya;
    for (double x = -400000; x <= 1200000; x += 97000)
        for (double y = -200000; y <= 1400000; y += 89000) xa.push_back(x), ya.push_back(y);
    std::vector<double> xb = xa, yb = ya;
    checked.to_metric_batch(xa.data(), ya.data(), xa.size());
    unchecked.to_metric_batch(xb.data(), yb.data(), xb.size());
    for (std::size_t i = 0; i < xa.size(); ++i) {
        CHECK(std::memcmp(&xa[i], &xb[i], sizeof(double)) == 0);
        CHECK(std::memcmp(&ya[i], &yb[i], sizeof(double)) == 0);
    }
    // 5e7 m is far outside EPSG:27700's area of use: only the checked one says so.
    CHECK_FALSE(checked.in_source_area_of_use(5e7, 5e7));
    CHECK(unchecked.in_source_area_of_use(5e7, 5e7));
    CHECK_FALSE(unchecked.in_source_area_of_use(std::nan(""), 5e7));
    std::vector<unsigned char> inside;
    const double x[] = {331000, 5e7}, y[] = {188000, 5e7};
    unchecked.in_source_area_of_use_batch(x, y, 2, inside);
    CHECK(inside == std::vector<unsigned char>{1, 1});
    CHECK_FALSE(unchecked.description().empty());
    // A geographic source is still checked (no PROJ needed for it).
    const CrsTransform lonlat("EPSG:4326", "EPSG:27700", Range::no);
    CHECK_FALSE(lonlat.in_source_area_of_use(330000, 187000));
    // shared() keeps the two kinds apart.
    CHECK_FALSE(CrsTransform::shared("EPSG:27700", "EPSG:3857", Range::no)
                    .in_source_area_of_use(5e7, 5e7) ==
                CrsTransform::shared("EPSG:27700", "EPSG:3857").in_source_area_of_use(5e7, 5e7));
}

TEST_CASE("unknown CRS is a crs_error naming it", "[io][crs]") {
    try {
        CrsTransform t("EPSG:999999", "EPSG:27700");
        FAIL("no exception");
    } catch (const crs_error& e) {
        CHECK(std::string(e.what()).find("EPSG:999999") != std::string::npos);
    }
}

TEST_CASE("shared: threads asking at once for one pair get the same transformation",
          "[io][crs]") {
    // A pair no other test asks for, so the first of these threads builds it while the
    // others wait for that build (or clone it, if it is done).
    const std::string source = "EPSG:4258", target = "EPSG:3035";
    const CrsTransform direct(source, target);
    const auto expected = direct.to_metric(-3.0, 51.58);
    REQUIRE(expected);
    constexpr int kThreads = 8;
    std::vector<std::optional<PointM>> got(kThreads);
    std::vector<std::thread> pool;
    for (int i = 0; i < kThreads; ++i)
        pool.emplace_back(
            [&, i] { got[i] = CrsTransform::shared(source, target).to_metric(-3.0, 51.58); });
    for (auto& t : pool) t.join();
    for (const auto& g : got) {
        REQUIRE(g);
        CHECK(g->x_m == expected->x_m);  // the same operation: the same bits
        CHECK(g->y_m == expected->y_m);
    }
    CHECK(CrsTransform::shared(source, target).description() == direct.description());
}

TEST_CASE("shared: an unknown CRS throws on every call, also to threads asking at once",
          "[io][crs]") {
    const std::string bad = "EPSG:999999";
    for (int round = 0; round < 2; ++round) {
        std::vector<int> errors(4, 0);
        std::vector<std::thread> pool;
        for (int i = 0; i < 4; ++i)
            pool.emplace_back([&, i] {
                try {
                    CrsTransform::shared(bad, "EPSG:27700");
                } catch (const crs_error& e) {
                    errors[i] = std::string(e.what()).find(bad) != std::string::npos ? 1 : 2;
                }
            });
        for (auto& t : pool) t.join();
        for (int e : errors) CHECK(e == 1);  // a crs_error naming the CRS, for each thread
    }
}

TEST_CASE("clone and batch give the same bits as one pair at a time", "[io][crs]") {
    // Over and beyond Great Britain, where PROJ switches between its candidate operations.
    for (const char* source : {"EPSG:4326", "EPSG:27700"}) {
        const assetmap::io::CrsTransform t(source, "EPSG:27700");
        const assetmap::io::CrsTransform c = t.clone();
        CHECK(c.description() == t.description());
        std::mt19937_64 rng(7);
        const bool geo = std::string(source) == "EPSG:4326";
        std::uniform_real_distribution<double> x(geo ? -12.0 : -200000.0, geo ? 4.0 : 900000.0);
        std::uniform_real_distribution<double> y(geo ? 48.0 : -200000.0, geo ? 62.0 : 1300000.0);
        const std::size_t n = 20000;
        std::vector<double> xs(n), ys(n);
        for (std::size_t i = 0; i < n; ++i) xs[i] = x(rng), ys[i] = y(rng);
        std::vector<unsigned char> inside;
        t.in_source_area_of_use_batch(xs.data(), ys.data(), n, inside);
        std::vector<double> bx = xs, by = ys;
        c.to_metric_batch(bx.data(), by.data(), n);
        std::size_t differ = 0, in_range = 0;
        for (std::size_t i = 0; i < n; ++i) {
            in_range += inside[i];
            if (bool(inside[i]) != t.in_source_area_of_use(xs[i], ys[i])) ++differ;
            const auto one = t.to_metric(xs[i], ys[i]);
            const auto cl = c.to_metric(xs[i], ys[i]);
            if (one.has_value() != cl.has_value() || one.has_value() != !std::isnan(bx[i]))
                ++differ;
            else if (one && (one->x_m != cl->x_m || one->y_m != cl->y_m || one->x_m != bx[i] ||
                             one->y_m != by[i]))
                ++differ;
        }
        CHECK(differ == 0);
        CHECK(in_range > n / 4);
    }
}

TEST_CASE("the range check of projected sources: the same answers with PROJ as the oracle",
          "[io][crs]") {
    // A point is in range when PROJ maps it to lon/lat within the CRS's area of use widened
    // by 0.5°. CrsTransform skips PROJ for points inside a box it proved to be in range; the
    // oracle here asks PROJ (source -> OGC:CRS84) for every point. Areas of use from
    // `projinfo EPSG:n`.
    struct Case {
        const char* crs;
        double west, south, east, north;  // area of use, degrees
    };
    for (const Case c : {Case{"EPSG:27700", -9.0, 49.75, 2.01, 61.01},
                         Case{"EPSG:32630", -6.0, 0.0, 0.0, 84.0},
                         Case{"EPSG:2157", -10.56, 51.39, -5.34, 55.43}}) {
        INFO(c.crs);
        const io::CrsTransform t(c.crs, "EPSG:3857");
        const io::CrsTransform oracle(c.crs, "OGC:CRS84");
        // Source coordinates spread well beyond the area of use.
        double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
        const io::CrsTransform back("OGC:CRS84", c.crs);
        for (double lon : {c.west, (c.west + c.east) / 2, c.east})
            for (double lat : {c.south, (c.south + c.north) / 2, c.north}) {
                const auto p = back.to_metric(lon, lat);
                REQUIRE(p);
                x0 = std::min(x0, p->x_m), x1 = std::max(x1, p->x_m);
                y0 = std::min(y0, p->y_m), y1 = std::max(y1, p->y_m);
            }
        const double wx = x1 - x0, wy = y1 - y0;
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> ux(x0 - wx, x1 + wx), uy(y0 - wy, y1 + wy);
        std::vector<double> xs, ys;
        for (int i = 0; i < 200000; ++i) xs.push_back(ux(rng)), ys.push_back(uy(rng));
        // Points right at the margin: the area of use's corners and sides shifted by ±0.49
        // and ±0.51 degrees.
        for (double d : {-0.51, -0.49, 0.49, 0.51})
            for (int k = 0; k <= 50; ++k) {
                const double lon = c.west + (c.east - c.west) * k / 50.0;
                const double lat = c.south + (c.north - c.south) * k / 50.0;
                for (const auto& [a, b] : {std::pair{lon, c.south + d}, std::pair{lon, c.north + d},
                                           std::pair{c.west + d, lat}, std::pair{c.east + d, lat}})
                    if (const auto p = back.to_metric(a, b)) xs.push_back(p->x_m), ys.push_back(p->y_m);
            }
        std::vector<unsigned char> inside;
        t.in_source_area_of_use_batch(xs.data(), ys.data(), xs.size(), inside);
        std::size_t in = 0, differ = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const auto g = oracle.to_metric(xs[i], ys[i]);
            const bool want = g && g->x_m >= c.west - 0.5 && g->x_m <= c.east + 0.5 &&
                              g->y_m >= c.south - 0.5 && g->y_m <= c.north + 0.5;
            differ += (inside[i] != 0) != want;
            differ += t.in_source_area_of_use(xs[i], ys[i]) != want;
            in += want;
        }
        CHECK(differ == 0);
        CHECK(in > 10000);
        CHECK(in < xs.size());
    }
}
