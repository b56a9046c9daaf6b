/// @file Inputs of assetmap_bench_network (see bench_network_data.hpp).

#include "bench_network_data.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>

namespace assetmap::bench {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// A hash of (seed, a, b, tag): every random choice of the grid is one.
std::uint64_t hash4(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t tag) {
    return splitmix64(splitmix64(splitmix64(seed ^ (tag * 0xD1B54A32D192ED03ULL)) ^ a) ^ b);
}

/// Uniform in [0, 1) from a hash (53 bits).
double unit(std::uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

/// Buffered writer of CSV numbers (to_chars: shortest round-trip decimals).
class CsvOut {
public:
    explicit CsvOut(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
        if (!file_) throw io_error(path + ": cannot create the file");
        buf_.reserve(kFlush + 256);
    }
    ~CsvOut() {
        if (file_) std::fclose(file_);
    }
    CsvOut(const CsvOut&) = delete;
    CsvOut& operator=(const CsvOut&) = delete;

    CsvOut& text(const char* s) {
        buf_ += s;
        return *this;
    }
    template <typename T>
    CsvOut& num(T v) {
        char tmp[32];
        const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
        buf_.append(tmp, r.ptr);
        return *this;
    }
    CsvOut& sep() {
        buf_ += ',';
        return *this;
    }
    void end_line() {
        buf_ += '\n';
        if (buf_.size() >= kFlush) flush();
    }
    void close() {
        flush();
        if (std::fclose(file_) != 0) {
            file_ = nullptr;
            throw io_error(path_ + ": cannot write the file (disk full?)");
        }
        file_ = nullptr;
    }

private:
    static constexpr std::size_t kFlush = 1 << 20;
    void flush() {
        if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
            throw io_error(path_ + ": cannot write the file (disk full?)");
        }
        buf_.clear();
    }
    std::string path_;
    std::FILE* file_;
    std::string buf_;
};

}  // namespace

GridSpec grid_for_nodes(std::size_t nodes, std::uint64_t seed) {
    GridSpec spec;
    spec.seed = seed;
    spec.cols = std::max<std::size_t>(
        2, static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes)))));
    spec.rows = std::max<std::size_t>(2, (nodes + spec.cols - 1) / spec.cols);
    return spec;
}

NetworkData make_grid_network(const GridSpec& spec) {
    NetworkData data;
    const std::size_t n = spec.rows * spec.cols;
    if (n > std::numeric_limits<std::uint32_t>::max()) {
        throw input_error("synthetic grid", "more nodes than a uint32 node index holds");
    }
    data.nodes.resize(n);
    data.node_osm_ids.resize(n);
    for (std::size_t r = 0; r < spec.rows; ++r) {
        for (std::size_t c = 0; c < spec.cols; ++c) {
            const std::size_t i = r * spec.cols + c;
            const double dx = (2.0 * unit(hash4(spec.seed, r, c, 0)) - 1.0) * spec.jitter_m;
            const double dy = (2.0 * unit(hash4(spec.seed, r, c, 1)) - 1.0) * spec.jitter_m;
            data.nodes[i] = PointM{static_cast<double>(c) * spec.spacing_m + dx,
                                   static_cast<double>(r) * spec.spacing_m + dy};
            data.node_osm_ids[i] = static_cast<std::int64_t>(i) + 1;
        }
    }
    data.edges.reserve(static_cast<std::size_t>(2.0 * static_cast<double>(n) *
                                                (1.0 - spec.removed) * 1.01) +
                       16);
    // tag 2/3: link to the right (removed? bent?); tag 4/5: link upwards.
    auto add_link = [&](std::size_t r, std::size_t c, std::size_t r2, std::size_t c2,
                        std::uint64_t tag) {
        if (unit(hash4(spec.seed, r, c, tag)) < spec.removed) return;
        NetworkEdge e;
        e.from = static_cast<std::uint32_t>(r * spec.cols + c);
        e.to = static_cast<std::uint32_t>(r2 * spec.cols + c2);
        e.way_id = static_cast<std::int64_t>(data.edges.size()) + 1;
        e.highway = "residential";
        const PointM& a = data.nodes[e.from];
        const PointM& b = data.nodes[e.to];
        const std::uint64_t bend = hash4(spec.seed, r, c, tag + 1);
        if (bend % 5 == 0) {
            // A midpoint pushed sideways by up to a quarter of the spacing.
            const double off = (2.0 * unit(splitmix64(bend)) - 1.0) * 0.25 * spec.spacing_m;
            PointM mid{(a.x_m + b.x_m) / 2, (a.y_m + b.y_m) / 2};
            if (r == r2) {
                mid.y_m += off;
            } else {
                mid.x_m += off;
            }
            e.shape.push_back(mid);
            e.length_m = distance_m(a, mid) + distance_m(mid, b);
        } else {
            e.length_m = distance_m(a, b);
        }
        data.edges.push_back(std::move(e));
    };
    for (std::size_t r = 0; r < spec.rows; ++r) {
        for (std::size_t c = 0; c < spec.cols; ++c) {
            if (c + 1 < spec.cols) add_link(r, c, r, c + 1, 2);
            if (r + 1 < spec.rows) add_link(r, c, r + 1, c, 4);
        }
    }
    data.ways_read = data.ways_used = data.edges.size();
    return data;
}

std::vector<PointM> grid_points(const GridSpec& spec, std::size_t n, std::uint64_t stream) {
    std::vector<PointM> points(n);
    const double w = static_cast<double>(spec.cols) * spec.spacing_m;
    const double h = static_cast<double>(spec.rows) * spec.spacing_m;
    for (std::size_t i = 0; i < n; ++i) {
        points[i] = PointM{unit(hash4(spec.seed, stream, i, 6)) * w,
                           unit(hash4(spec.seed, stream, i, 7)) * h};
    }
    return points;
}

std::vector<PointM> points_inside(const GridSpec& sub, const std::vector<PointM>& points) {
    const double w = static_cast<double>(sub.cols) * sub.spacing_m;
    const double h = static_cast<double>(sub.rows) * sub.spacing_m;
    std::vector<PointM> out;
    for (const PointM& p : points) {
        if (p.x_m < w && p.y_m < h) out.push_back(p);
    }
    return out;
}

PopulationPoints load_newport_points(const std::string& csv_path) {
    const io::CsvTable table = io::CsvTable::read_file(csv_path);
    const std::size_t code_col = table.column("OA11CD");
    const std::size_t lad_col = table.column("LAD11CD");
    const std::size_t pop_col = table.column("pop2011");
    const std::size_t lon_col = table.column("lon");
    const std::size_t lat_col = table.column("lat");
    const std::size_t need = std::max({code_col, lad_col, pop_col, lon_col, lat_col});
    const io::CrsTransform to_metric("EPSG:4326", "EPSG:27700");
    PopulationPoints out;
    for (const auto& row : table.rows()) {
        if (row.fields.size() <= need || row.fields[lad_col] != "W06000022") continue;
        const auto lon = io::parse_double(row.fields[lon_col]);
        const auto lat = io::parse_double(row.fields[lat_col]);
        const auto pop = io::parse_double(row.fields[pop_col]);
        const auto p = lon && lat ? to_metric.to_metric(*lon, *lat) : std::nullopt;
        if (!p || !pop) {
            throw input_error(csv_path + ":line " + std::to_string(row.line),
                              "bad lon, lat or pop2011");
        }
        out.codes.push_back(row.fields[code_col]);
        out.points.push_back(*p);
        out.weights.push_back(*pop);
    }
    if (out.points.empty()) throw input_error(csv_path, "no row with LAD11CD W06000022");
    return out;
}

std::vector<std::optional<network::Snap>> snap_all(const network::Snapper& snapper,
                                                   const std::vector<PointM>& points,
                                                   double limit_m) {
    std::vector<std::optional<network::Snap>> out;
    out.reserve(points.size());
    for (const PointM& p : points) out.push_back(snapper.snap(p, limit_m));
    return out;
}

std::vector<network::Snap> present(const std::vector<std::optional<network::Snap>>& snaps) {
    std::vector<network::Snap> out;
    out.reserve(snaps.size());
    for (const auto& s : snaps) {
        if (s) out.push_back(*s);
    }
    return out;
}

PeerProblem write_peer_problem(const std::string& dir, const network::WalkGraph& graph,
                               const std::vector<network::Snap>& sources,
                               const std::vector<network::Snap>& targets) {
    const std::size_t n = graph.node_count();
    const std::size_t m = graph.edge_count();
    // Virtual nodes: sources n .. n+S-1, targets n+S .. n+S+T-1, then the super source.
    struct OnEdge {
        double along_m;
        std::int64_t node;
    };
    std::vector<std::size_t> first(m + 1, 0);
    for (const auto& s : sources) ++first[s.edge + 1];
    for (const auto& t : targets) ++first[t.edge + 1];
    for (std::size_t e = 0; e < m; ++e) first[e + 1] += first[e];
    std::vector<OnEdge> on_edge(first[m]);
    {
        std::vector<std::size_t> fill(first.begin(), first.end() - 1);
        std::int64_t id = static_cast<std::int64_t>(n);
        for (const auto& s : sources) on_edge[fill[s.edge]++] = {s.along_m, id++};
        for (const auto& t : targets) on_edge[fill[t.edge]++] = {t.along_m, id++};
    }
    PeerProblem problem;
    problem.super_source = static_cast<std::int64_t>(n + sources.size() + targets.size());
    problem.nodes = n + sources.size() + targets.size() + 1;
    problem.edges_csv = dir + "/edges.csv";
    problem.targets_csv = dir + "/targets.csv";

    CsvOut edges(problem.edges_csv);
    edges.text("source,target,cost").end_line();
    std::size_t count = 0;
    for (std::size_t e = 0; e < m; ++e) {
        const NetworkEdge& edge = graph.edge(static_cast<std::uint32_t>(e));
        const double length = edge.length_m;
        std::sort(on_edge.begin() + static_cast<std::ptrdiff_t>(first[e]),
                  on_edge.begin() + static_cast<std::ptrdiff_t>(first[e + 1]),
                  [](const OnEdge& a, const OnEdge& b) {
                      return a.along_m < b.along_m || (a.along_m == b.along_m && a.node < b.node);
                  });
        std::int64_t prev = edge.from;
        double prev_along = 0.0;
        for (std::size_t k = first[e]; k < first[e + 1]; ++k) {
            const double along = std::clamp(on_edge[k].along_m, 0.0, length);
            edges.num(prev).sep().num(on_edge[k].node).sep().num(std::max(0.0, along - prev_along));
            edges.end_line();
            ++count;
            prev = on_edge[k].node;
            prev_along = along;
        }
        edges.num(prev).sep().num(static_cast<std::int64_t>(edge.to)).sep();
        edges.num(std::max(0.0, length - prev_along)).end_line();
        ++count;
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        edges.num(problem.super_source).sep().num(static_cast<std::int64_t>(n + i)).sep();
        edges.num(sources[i].snap_distance_m).end_line();
        ++count;
    }
    edges.close();
    problem.edges = count;

    CsvOut tcsv(problem.targets_csv);
    tcsv.text("idx,node").end_line();
    for (std::size_t j = 0; j < targets.size(); ++j) {
        tcsv.num(j).sep().num(static_cast<std::int64_t>(n + sources.size() + j)).end_line();
    }
    tcsv.close();
    return problem;
}

std::vector<double> read_peer_distances(const std::string& path, std::size_t n) {
    std::vector<double> out(n, std::numeric_limits<double>::infinity());
    std::ifstream in(path);
    if (!in) throw input_error(path, "cannot read the peer's distances");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        const auto comma = line.find(',');
        if (comma == std::string::npos) continue;
        std::size_t idx = 0;
        double d = 0.0;
        const auto r1 = std::from_chars(line.data(), line.data() + comma, idx);
        const auto r2 = std::from_chars(line.data() + comma + 1, line.data() + line.size(), d);
        if (r1.ec != std::errc() || r2.ec != std::errc() || idx >= n) {
            throw input_error(path, "bad line: '" + line + "'");
        }
        out[idx] = d;
    }
    return out;
}

}  // namespace assetmap::bench
