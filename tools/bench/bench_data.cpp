/// @file Inputs of assetmap_bench (see bench_data.hpp).

#include "bench_data.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/core/problem.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/vector_reader.hpp>
#include <assetmap/spatial/area_locator.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace assetmap::bench {

namespace {

/// splitmix64 (Steele, Lea, Flood 2014): seeds the generator below.
std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// xoshiro256** (Blackman, Vigna 2018): fixed algorithm, so the points are the same with
/// any standard library.
class Rng {
  public:
    Rng(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t sm = seed ^ (stream * 0xd1b54a32d192ed03ULL);
        for (std::uint64_t& w : s_) w = splitmix64(sm);
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

constexpr std::size_t kBlock = std::size_t{1} << 20;  // points per random stream
constexpr int kMaxTries = 100000;                     // per point, before giving up

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_for_writing(const std::string& path) {
    File f(std::fopen(path.c_str(), "wb"));
    if (!f) throw io_error(path + ": cannot open for writing");
    return f;
}

void close_checked(File f, const std::string& path) {
    if (std::ferror(f.get()) || std::fclose(f.release()) != 0) {
        throw io_error(path + ": write failed");
    }
}

/// Appends the shortest decimal that reads back as `v`.
void append_double(std::string& out, double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

bool on_segment(const PointM& p, const PointM& a, const PointM& b) {
    const double cross = (b.x_m - a.x_m) * (p.y_m - a.y_m) - (b.y_m - a.y_m) * (p.x_m - a.x_m);
    return cross == 0.0 && p.x_m >= std::min(a.x_m, b.x_m) && p.x_m <= std::max(a.x_m, b.x_m) &&
           p.y_m >= std::min(a.y_m, b.y_m) && p.y_m <= std::max(a.y_m, b.y_m);
}

/// PNPOLY (W. R. Franklin), ring closed or not.
bool pnpoly(const RingM& ring, const PointM& p) {
    bool c = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const PointM& a = ring[i];
        const PointM& b = ring[j];
        if ((a.y_m > p.y_m) != (b.y_m > p.y_m) &&
            p.x_m < (b.x_m - a.x_m) * (p.y_m - a.y_m) / (b.y_m - a.y_m) + a.x_m) {
            c = !c;
        }
    }
    return c;
}

bool on_ring(const RingM& ring, const PointM& p) {
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        if (on_segment(p, ring[i], ring[(i + 1) % n])) return true;
    }
    return false;
}

bool polygon_contains(const PolygonM& poly, const PointM& p) {
    if (poly.outer.empty()) return false;
    if (on_ring(poly.outer, p)) return true;
    for (const RingM& hole : poly.holes)
        if (on_ring(hole, p)) return true;
    if (!pnpoly(poly.outer, p)) return false;
    for (const RingM& hole : poly.holes)
        if (pnpoly(hole, p)) return false;
    return true;
}

}  // namespace

Areas load_areas(const std::string& path, const std::string& code_field, const std::string& pop_csv,
                 const std::string& pop_field) {
    io::VectorRequest req;
    req.path = path;
    req.target_crs = "EPSG:27700";
    req.fields = {code_field};
    req.want = io::GeometryWant::polygons;
    ProblemReport problems;
    io::VectorData data = io::read_vector(req, problems);

    std::vector<std::size_t> order(data.features.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return data.features[a].values[0] < data.features[b].values[0];
    });
    Areas areas;
    areas.problems = problems.size();
    for (const std::size_t i : order) {
        areas.codes.push_back(data.features[i].values[0]);
        areas.shapes.push_back(std::move(data.features[i].polygon));
    }
    areas.population.assign(areas.codes.size(), 0.0);
    if (pop_csv.empty()) return areas;

    const io::CsvTable table = io::CsvTable::read_file(pop_csv);
    const std::size_t code_col = table.column(code_field);
    const std::size_t pop_col = table.column(pop_field);
    std::map<std::string, double> pop;
    for (const auto& row : table.rows()) {
        if (row.fields.size() <= std::max(code_col, pop_col)) continue;
        try {
            pop[row.fields[code_col]] = std::stod(row.fields[pop_col]);
        } catch (const std::exception&) {
            throw input_error(pop_csv + ":line " + std::to_string(row.line) + ":" + pop_field,
                              "not a number: '" + row.fields[pop_col] + "'");
        }
    }
    for (std::size_t i = 0; i < areas.codes.size(); ++i) {
        if (auto it = pop.find(areas.codes[i]); it != pop.end()) areas.population[i] = it->second;
    }
    return areas;
}

std::vector<PointM> population_points(const Areas& areas, const spatial::AreaLocator& locator,
                                      std::size_t n, std::uint64_t seed, unsigned threads) {
    // Cumulative weights over the areas that have a box (uniform if no population at all).
    std::vector<BoxM> boxes;
    std::vector<double> cumulative;
    std::vector<std::size_t> index;
    const bool any_pop = std::any_of(areas.population.begin(), areas.population.end(),
                                     [](double p) { return p > 0.0; });
    double total = 0.0;
    for (std::size_t i = 0; i < areas.shapes.size(); ++i) {
        const BoxM box = bounds(areas.shapes[i]);
        const double w = any_pop ? areas.population[i] : 1.0;
        if (box.empty() || !(w > 0.0)) continue;
        total += w;
        cumulative.push_back(total);
        boxes.push_back(box);
        index.push_back(i);
    }
    std::vector<PointM> points(n);
    if (n == 0) return points;
    if (cumulative.empty()) throw input_error("", "no area to draw points in");

    const std::size_t n_blocks = (n + kBlock - 1) / kBlock;
    auto fill_block = [&](std::size_t block) {
        Rng rng(seed, block);
        const std::size_t end = std::min(n, (block + 1) * kBlock);
        for (std::size_t k = block * kBlock; k < end; ++k) {
            const double u = rng.uniform() * total;
            const std::size_t j = std::min<std::size_t>(
                std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(),
                cumulative.size() - 1);
            const BoxM& b = boxes[j];
            int tries = 0;
            for (;; ++tries) {
                if (tries == kMaxTries) {
                    throw input_error(areas.codes[index[j]], "cannot draw a point inside it");
                }
                const PointM p{b.min_x_m + rng.uniform() * (b.max_x_m - b.min_x_m),
                               b.min_y_m + rng.uniform() * (b.max_y_m - b.min_y_m)};
                if (locator.locate(p) == std::optional<std::size_t>(index[j])) {
                    points[k] = p;
                    break;
                }
            }
        }
    };
    // Blocks are handed out in turn; any thread count gives the same points.
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(std::max(1u, threads));
    for (unsigned t = 0; t < std::max(1u, threads); ++t) {
        pool.emplace_back([&, t] {
            try {
                for (std::size_t b = t; b < n_blocks; b += std::max(1u, threads)) fill_block(b);
            } catch (...) {
                errors[t] = std::current_exception();
            }
        });
    }
    for (std::thread& th : pool) th.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    return points;
}

void write_points_bin(const std::string& path, const std::vector<PointM>& points, std::size_t n) {
    static_assert(sizeof(PointM) == 2 * sizeof(double), "PointM must be two packed doubles");
    n = std::min(n, points.size());
    File f = open_for_writing(path);
    if (n > 0 && std::fwrite(points.data(), sizeof(PointM), n, f.get()) != n) {
        throw io_error(path + ": write failed");
    }
    close_checked(std::move(f), path);
}

void write_points_csv(const std::string& path, const std::vector<PointM>& points, std::size_t n) {
    n = std::min(n, points.size());
    File f = open_for_writing(path);
    std::string buf = "x,y\n";
    for (std::size_t i = 0; i < n; ++i) {
        append_double(buf, points[i].x_m);
        buf += ',';
        append_double(buf, points[i].y_m);
        buf += '\n';
        if (buf.size() > (1u << 20) || i + 1 == n) {
            std::fwrite(buf.data(), 1, buf.size(), f.get());
            buf.clear();
        }
    }
    close_checked(std::move(f), path);
}

void write_areas_csv(const std::string& path, const Areas& areas) {
    File f = open_for_writing(path);
    std::string buf = "code,wkt\n";
    auto ring_text = [&](const RingM& ring) {
        buf += '(';
        for (std::size_t k = 0; k < ring.size(); ++k) {
            if (k > 0) buf += ',';
            append_double(buf, ring[k].x_m);
            buf += ' ';
            append_double(buf, ring[k].y_m);
        }
        if (!ring.empty() && !(ring.front() == ring.back())) {  // WKT rings must be closed
            buf += ',';
            append_double(buf, ring.front().x_m);
            buf += ' ';
            append_double(buf, ring.front().y_m);
        }
        buf += ')';
    };
    for (std::size_t i = 0; i < areas.codes.size(); ++i) {
        buf += areas.codes[i];
        buf += ",\"MULTIPOLYGON(";
        for (std::size_t p = 0; p < areas.shapes[i].size(); ++p) {
            const PolygonM& poly = areas.shapes[i][p];
            if (p > 0) buf += ',';
            buf += '(';
            ring_text(poly.outer);
            for (const RingM& hole : poly.holes) {
                buf += ',';
                ring_text(hole);
            }
            buf += ')';
        }
        buf += ")\"\n";
        std::fwrite(buf.data(), 1, buf.size(), f.get());
        buf.clear();
    }
    close_checked(std::move(f), path);
}

std::vector<std::pair<std::string, std::uint64_t>> read_counts_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw input_error(path, "cannot read the peer's counts");
    std::vector<std::pair<std::string, std::uint64_t>> out;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto comma = line.find(',');
        if (line.empty() || comma == std::string::npos) continue;
        std::uint64_t count = 0;
        const char* begin = line.data() + comma + 1;
        const char* end = line.data() + line.size();
        const auto r = std::from_chars(begin, end, count);
        if (r.ec != std::errc() || r.ptr != end) {
            if (first) {  // a header line
                first = false;
                continue;
            }
            throw input_error(path, "bad count line: '" + line + "'");
        }
        first = false;
        out.emplace_back(line.substr(0, comma), count);
    }
    return out;
}

std::optional<std::size_t> brute_force_locate(const std::vector<MultiPolygonM>& shapes,
                                              const std::vector<BoxM>& boxes, const PointM& p) {
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        if (!boxes[i].contains(p)) continue;
        for (const PolygonM& poly : shapes[i])
            if (polygon_contains(poly, p)) return i;
    }
    return std::nullopt;
}

}  // namespace assetmap::bench
