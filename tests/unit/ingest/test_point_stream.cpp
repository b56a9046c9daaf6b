// Streaming CSV population points (assetmap/ingest/point_stream.hpp) against the row-by-row
// ingest it replaced, kept here as the reference: the whole file read into a CsvTable, every
// row checked and transformed one by one (CrsTransform::to_metric), then matched in a second
// pass. On a generated file full of bad rows (wrong field counts, bad and out-of-range
// coordinates, bad weights, repeated ids, quoted ids with commas, doubled quotes and line
// breaks, CRLF, blank lines, a BOM, points on shared edges and outside every area) the
// stream must hand over the same points (bit for bit) and report the same problems in the
// same order, for any thread count and block size.
#include <assetmap/atlas/point_count.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/ingest/point_stream.hpp>
#include <assetmap/ingest/study_areas.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>

#include "../../support/paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <future>
#include <optional>
#include <set>
#include <sstream>

using namespace assetmap;

namespace {

struct Accepted {
    std::size_t line;
    std::string id;
    std::size_t area;
    double weight;
    double x, y;
    bool operator==(const Accepted& o) const {
        return line == o.line && id == o.id && area == o.area && weight == o.weight && x == o.x &&
               y == o.y;
    }
};

struct Outcome {
    std::vector<Accepted> points;
    std::vector<Problem> problems;
    std::size_t read = 0, outside = 0;
};

// ---- the reference: the row-by-row ingest before streaming -------------------------------

Outcome reference(const PointSource& src, const std::string& metric_crs,
                  const ingest::StudyAreas& areas) {
    struct Record {
        std::string where, id, area_code, weight_text;
        PointM location;
        std::size_t line;
    };
    Outcome out;
    ProblemReport problems;
    const auto table = io::CsvTable::read_file(src.path);
    const auto xc = table.column(src.columns.x);
    const auto yc = table.column(src.columns.y);
    const auto wc = src.columns.weight.empty()
                        ? std::nullopt
                        : std::optional<std::size_t>(table.column(src.columns.weight));
    const auto idc = src.columns.id.empty()
                         ? std::nullopt
                         : std::optional<std::size_t>(table.column(src.columns.id));
    const auto ac = src.columns.area_code.empty()
                        ? std::nullopt
                        : std::optional<std::size_t>(table.column(src.columns.area_code));
    const io::CrsTransform transform(src.crs, metric_crs);
    std::vector<Record> records;
    for (const auto& row : table.rows()) {
        ++out.read;
        const std::string line = "line " + std::to_string(row.line);
        if (row.fields.size() != table.header().size()) {
            problems.add(ProblemKind::bad_value, table.source(), line, "",
                         "expected " + std::to_string(table.header().size()) + " fields, found " +
                             std::to_string(row.fields.size()) + "; row not used");
            continue;
        }
        const auto x = io::parse_double(row.fields[xc]);
        const auto y = io::parse_double(row.fields[yc]);
        if (!x || !y) {
            problems.add(ProblemKind::bad_value, src.path, line, !x ? src.columns.x : src.columns.y,
                         "coordinate '" + row.fields[!x ? xc : yc] +
                             "' is not a finite number; row not used");
            continue;
        }
        if (!transform.in_source_area_of_use(*x, *y)) {
            problems.add(ProblemKind::bad_coordinate, src.path, line, src.columns.x,
                         "coordinate (" + row.fields[xc] + ", " + row.fields[yc] +
                             ") is outside the range of " + src.crs +
                             "; check the x/y columns and crs; row not used");
            continue;
        }
        auto m = transform.to_metric(*x, *y);
        if (!m) {
            problems.add(ProblemKind::bad_coordinate, src.path, line, src.columns.x,
                         "coordinate cannot be transformed; row not used");
            continue;
        }
        records.push_back(Record{line, idc ? row.fields[*idc] : line,
                                 ac ? row.fields[*ac] : std::string(),
                                 wc ? row.fields[*wc] : std::string("1"), *m, row.line});
    }
    const bool by_code = !src.columns.area_code.empty();
    std::set<std::string> ids;
    for (auto& r : records) {
        const auto w = io::parse_double(r.weight_text);
        if (!w || *w < 0) {
            problems.add(Problem{ProblemKind::bad_value, src.path, "", r.where, src.columns.weight,
                                 "weight '" + r.weight_text + "' is not a number >= 0; not used",
                                 r.location});
            continue;
        }
        std::size_t area = 0;
        if (by_code) {
            if (r.area_code.empty()) {
                problems.add(Problem{ProblemKind::missing_field, src.path, "", r.where,
                                     src.columns.area_code, "no area code; not used", r.location});
                continue;
            }
            const auto it = areas.index_of_code.find(r.area_code);
            if (it == areas.index_of_code.end()) {
                if (areas.all_source_codes.count(r.area_code)) {
                    ++out.outside;
                } else {
                    problems.add(Problem{ProblemKind::unmatched_code, src.path, "", r.where,
                                         src.columns.area_code,
                                         "area code '" + r.area_code +
                                             "' is not in the area source; not used",
                                         r.location});
                }
                continue;
            }
            area = it->second;
        } else {
            const auto idx = areas.locator.locate(r.location);
            if (!idx) {
                ++out.outside;
                continue;
            }
            area = *idx;
        }
        if (!ids.insert(r.id).second) {
            problems.add(Problem{ProblemKind::duplicate_id, src.path, "", r.where, src.columns.id,
                                 "id '" + r.id + "' appears again; not used", r.location});
            continue;
        }
        out.points.push_back(Accepted{r.line, idc ? r.id : std::string(), area, *w,
                                      r.location.x_m, r.location.y_m});
    }
    out.problems = problems.problems();
    return out;
}

// ---- the stream ----------------------------------------------------------------------------

Outcome streamed(const PointSource& src, const std::string& metric_crs,
                 const std::shared_ptr<const ingest::StudyAreas>& areas, unsigned threads,
                 std::size_t block_bytes, bool exact_locations = true) {
    Outcome out;
    ProblemReport problems;
    std::promise<std::shared_ptr<const ingest::StudyAreas>> ready;
    ready.set_value(areas);
    ingest::PointStreamOptions options;
    options.threads = threads;
    options.block_bytes = block_bytes;
    options.exact_locations = exact_locations;
    const auto summary = ingest::stream_csv_points(
        src, metric_crs, ready.get_future().share(), problems,
        [&](const ingest::AcceptedPoint& p) {
            out.points.push_back(Accepted{p.line, std::string(p.id), p.area, p.weight,
                                          p.location.x_m, p.location.y_m});
        },
        options);
    out.problems = problems.problems();
    out.read = summary.records_read;
    out.outside = summary.outside_study;
    CHECK(summary.records_used == out.points.size());
    return out;
}

bool same_problem(const Problem& a, const Problem& b) {
    const bool loc = a.location.has_value() == b.location.has_value() &&
                     (!a.location || (a.location->x_m == b.location->x_m &&
                                      a.location->y_m == b.location->y_m));
    return a.kind == b.kind && a.source == b.source && a.layer == b.layer &&
           a.feature == b.feature && a.field == b.field && a.message == b.message && loc;
}

void check_same(const Outcome& want, const Outcome& got) {
    CHECK(got.read == want.read);
    CHECK(got.outside == want.outside);
    REQUIRE(got.points.size() == want.points.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < want.points.size(); ++i)
        if (!(got.points[i] == want.points[i])) ++differ;
    CHECK(differ == 0);
    REQUIRE(got.problems.size() == want.problems.size());
    for (std::size_t i = 0; i < want.problems.size(); ++i) {
        INFO("problem " << i << ": " << want.problems[i].feature << " "
                        << want.problems[i].message << " | " << got.problems[i].feature << " "
                        << got.problems[i].message);
        CHECK(same_problem(want.problems[i], got.problems[i]));
    }
}

// ---- the fixture: tiny areas (100 m squares in EPSG:27700) and a generated CSV ----------

std::shared_ptr<const ingest::StudyAreas> tiny_areas() {
    static std::shared_ptr<const ingest::StudyAreas> areas = [] {
        Study study;
        study.metric_crs = "EPSG:27700";
        study.areas.path = test::fixture("tiny/areas.geojson");
        study.areas.code_field = "code";
        study.areas.name_field = "name";
        study.areas.parent_field = "parent";
        study.areas.parents = {"P1"};  // B1 (P2) is outside the study by design
        StudyData data;
        return std::shared_ptr<const ingest::StudyAreas>(
            std::make_shared<ingest::StudyAreas>(ingest::read_study_areas(study, data)));
    }();
    return areas;
}

/// A deterministic generator (xorshift) for the fixture.
struct Rng {
    std::uint64_t s = 88172645463325252ULL;
    std::uint64_t next() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

/// Writes the fixture: `rows` rows, easting/northing or lon/lat, with every kind of bad row.
std::string write_fixture(const std::string& name, int rows, bool lonlat) {
    const auto dir = test::temp_dir("point_stream");
    const std::string path = (dir / name).string();
    std::ofstream f(path, std::ios::binary);
    const io::CrsTransform to_ll("EPSG:4326", "EPSG:27700");
    Rng rng;
    f << "\xEF\xBB\xBF" << "id,x,y,weight,area,note\r\n";
    const char* codes[] = {"A1", "A2", "A3", "B1", "ZZ", ""};
    for (int i = 0; i < rows; ++i) {
        const char* eol = (i % 3 == 0) ? "\r\n" : "\n";
        if (i % 97 == 0) f << eol;  // blank line
        // Points over the squares, some on the shared edge x = 331100 and outside them.
        double x = 330950 + rng.below(30000) / 100.0;
        double y = 187980 + rng.below(14000) / 100.0;
        if (i % 11 == 0) x = 331100;
        if (i % 13 == 0) y = 188100;
        std::string id = "p" + std::to_string(i);
        if (i % 47 == 5 && i > 50) id = "p" + std::to_string(i - 40);  // an earlier id again
        if (i % 53 == 0) id = "\"q\"\"" + std::to_string(i % 5) + ",x\"";  // quoted, repeats
        if (i % 59 == 0) id = "\"multi\nline " + std::to_string(i % 3) + "\"";
        std::string xs, ys;
        char buf[64];
        if (lonlat) {
            const auto ll = to_ll.to_source(PointM{x, y});
            std::snprintf(buf, sizeof buf, "%.9f", ll->lon_deg);
            xs = buf;
            std::snprintf(buf, sizeof buf, "%.9f", ll->lat_deg);
            ys = buf;
        } else {
            std::snprintf(buf, sizeof buf, "%.2f", x);
            xs = buf;
            std::snprintf(buf, sizeof buf, "%.2f", y);
            ys = buf;
        }
        if (i % 41 == 1) xs = (i % 2) ? "abc" : "";
        if (i % 43 == 2) ys = (i % 2) ? "nan" : "1e999";
        if (i % 61 == 3) xs = lonlat ? "75.5" : "9000000";  // outside the CRS's range
        if (i % 67 == 4) ys = " +" + ys + " ";              // spaces and a plus sign are fine
        std::string w = std::to_string(1 + rng.below(50));
        if (i % 31 == 6) w = (i % 2) ? "-3" : "x";
        if (i % 71 == 7) w = "";
        std::string note = (i % 19 == 0) ? "\"a, \"\"quoted\"\"\nnote\"" : "n";
        const std::string area = codes[rng.below(6)];
        f << id << ',' << xs << ',' << ys << ',' << w << ',' << area;
        if (i % 37 != 8) f << ',' << note;  // else a field short
        if (i % 73 == 9) f << ",extra";     // a field too many
        f << eol;
    }
    return path;
}

PointSource source(const std::string& path, bool lonlat, bool with_id, bool by_code) {
    PointSource s;
    s.format = PointSource::Format::csv;
    s.path = path;
    s.crs = lonlat ? "EPSG:4326" : "EPSG:27700";
    s.columns.x = "x";
    s.columns.y = "y";
    s.columns.weight = "weight";
    if (with_id) s.columns.id = "id";
    if (by_code) s.columns.area_code = "area";
    return s;
}

}  // namespace

TEST_CASE("point stream: same points and problems as the row-by-row ingest", "[ingest][stream]") {
    const auto areas = tiny_areas();
    for (const bool lonlat : {false, true}) {
        const std::string path = write_fixture(lonlat ? "ll.csv" : "bng.csv", 3000, lonlat);
        for (const bool with_id : {true, false})
            for (const bool by_code : {false, true}) {
                const PointSource src = source(path, lonlat, with_id, by_code);
                const Outcome want = reference(src, "EPSG:27700", *areas);
                REQUIRE(want.points.size() > 1000);
                REQUIRE(want.problems.size() > 300);
                for (const unsigned threads : {1U, 2U, 3U})
                    for (const std::size_t block : {std::size_t(16), std::size_t(700),
                                                    std::size_t(1) << 20}) {
                        INFO("lonlat " << lonlat << " id " << with_id << " by_code " << by_code
                                       << " threads " << threads << " block " << block);
                        check_same(want, streamed(src, "EPSG:27700", areas, threads, block));
                    }
            }
    }
}

TEST_CASE("point stream: areas only - interpolated where the locator vouches, same answers",
          "[ingest][stream]") {
    // With exact_locations = false, lon/lat points are located on an interpolated transform
    // where the locator can vouch for the area: the same points in the same areas, the same
    // problems (with PROJ's locations), locations within centimetres of PROJ's.
    const auto areas = tiny_areas();
    const std::string path = write_fixture("interp.csv", 3000, true);
    for (const bool with_id : {true, false}) {
        const PointSource src = source(path, true, with_id, false);
        const Outcome want = reference(src, "EPSG:27700", *areas);
        for (const unsigned threads : {1U, 2U}) {
            const Outcome got = streamed(src, "EPSG:27700", areas, threads, 700, false);
            CHECK(got.read == want.read);
            CHECK(got.outside == want.outside);
            REQUIRE(got.points.size() == want.points.size());
            std::size_t same_area = 0, interpolated = 0;
            double worst = 0.0;
            for (std::size_t i = 0; i < want.points.size(); ++i) {
                const auto& a = want.points[i];
                const auto& b = got.points[i];
                same_area += a.line == b.line && a.id == b.id && a.area == b.area &&
                             a.weight == b.weight;
                if (a.x != b.x || a.y != b.y) ++interpolated;
                worst = std::max({worst, std::abs(a.x - b.x), std::abs(a.y - b.y)});
            }
            CHECK(same_area == want.points.size());
            CHECK(worst < 0.2);
            CHECK(interpolated > want.points.size() / 2);  // the fast path is really taken
            REQUIRE(got.problems.size() == want.problems.size());
            for (std::size_t i = 0; i < want.problems.size(); ++i)
                CHECK(same_problem(want.problems[i], got.problems[i]));
        }
    }
}

TEST_CASE("point stream: count_points equals counting the reference's points", "[ingest][stream]") {
    const auto areas = tiny_areas();
    const std::string path = write_fixture("count.csv", 2000, true);
    PointSource src = source(path, true, true, false);
    const Outcome want = reference(src, "EPSG:27700", *areas);
    std::vector<std::uint64_t> counts(areas->areas.size(), 0);
    std::vector<double> weights(areas->areas.size(), 0.0);
    for (const auto& p : want.points) {
        ++counts[p.area];
        weights[p.area] += p.weight;
    }
    AreaSource area_source;
    area_source.path = test::fixture("tiny/areas.geojson");
    area_source.code_field = "code";
    area_source.name_field = "name";
    area_source.parent_field = "parent";
    area_source.parents = {"P1"};
    for (const unsigned threads : {1U, 2U}) {
        const auto got = atlas::count_points(area_source, src, "EPSG:27700", threads);
        CHECK(got.counts == counts);
        CHECK(got.weights == weights);  // the same sums in the same order: equal doubles
        CHECK(got.points_read == want.read);
        CHECK(got.points_outside == want.outside);
        // The area problems (the bow tie repaired, A4's null geometry, the second A1) come
        // first, then the points' in the reference's order.
        const auto& problems = got.problems.problems();
        REQUIRE(problems.size() >= want.problems.size());
        const std::size_t offset = problems.size() - want.problems.size();
        CHECK(offset == 3);
        for (std::size_t i = 0; i < want.problems.size(); ++i)
            CHECK(same_problem(want.problems[i], problems[offset + i]));
    }
}

TEST_CASE("point stream: a malformed CSV fails with the table reader's message", "[ingest][stream]") {
    const auto areas = tiny_areas();
    const auto dir = test::temp_dir("point_stream_bad");
    const std::string good_rows = [] {
        std::string s;
        for (int i = 0; i < 200; ++i) s += "p" + std::to_string(i) + ",331050,188050,1\n";
        return s;
    }();
    const std::vector<std::string> bodies = {
        good_rows + "bad,33\"1050,188050,1\n" + good_rows,      // a quote in an unquoted field
        good_rows + "\"open,331050,188050,1\n" + good_rows,     // a quoted field never closed
        good_rows + "\"x\"y,331050,188050,1\n" + good_rows,     // text after a closing quote
    };
    int k = 0;
    for (const auto& body : bodies) {
        const std::string path = (dir / ("bad" + std::to_string(k++) + ".csv")).string();
        std::ofstream(path, std::ios::binary) << "id,x,y,weight\n" << body;
        PointSource src = source(path, false, true, false);
        std::string want;
        try {
            io::CsvTable::read_file(path);
        } catch (const input_error& e) {
            want = e.what();
        }
        REQUIRE_FALSE(want.empty());
        for (const std::size_t block : {std::size_t(16), std::size_t(1000), std::size_t(1) << 20})
            for (const unsigned threads : {1U, 2U}) {
                try {
                    streamed(src, "EPSG:27700", areas, threads, block);
                    FAIL("no error");
                } catch (const input_error& e) {
                    CHECK(std::string(e.what()) == want);
                }
            }
    }
}

TEST_CASE("point stream: a missing column is named with the columns there are", "[ingest][stream]") {
    const auto areas = tiny_areas();
    const std::string path = write_fixture("cols.csv", 10, false);
    PointSource src = source(path, false, true, false);
    src.columns.weight = "people";
    CHECK_THROWS_WITH(streamed(src, "EPSG:27700", areas, 2, 1 << 20),
                      Catch::Contains("no column 'people'; the columns are: id, x, y, weight, "
                                      "area, note"));
}

TEST_CASE("point stream: ids past the first block's estimate and repeated far apart",
          "[ingest][stream]") {
    // The first rows are long (padded notes) and the rest short, so the id table, sized from
    // the first block, must grow (reading stored ids again); every 10th id repeats one from
    // far back. Expected duplicates: by construction, one per 10 rows after the first 5000.
    const auto areas = tiny_areas();
    const auto dir = test::temp_dir("point_stream_ids");
    const std::string path = (dir / "ids.csv").string();
    {
        std::ofstream f(path, std::ios::binary);
        f << "id,x,y,note\n";
        for (int i = 0; i < 20000; ++i) {
            const std::string id = (i >= 5000 && i % 10 == 0) ? "id" + std::to_string(i - 4999)
                                                               : "id" + std::to_string(i);
            f << id << ",331050,188050," << (i < 200 ? std::string(400, 'n') : "s") << '\n';
        }
    }
    PointSource src;
    src.path = path;
    src.crs = "EPSG:27700";
    src.columns.x = "x";
    src.columns.y = "y";
    src.columns.id = "id";
    const Outcome want = reference(src, "EPSG:27700", *areas);
    CHECK(want.problems.size() == 1500);
    for (const unsigned threads : {1U, 2U})
        check_same(want, streamed(src, "EPSG:27700", areas, threads, 4096));
}
