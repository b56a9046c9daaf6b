// The catchment code before sparse grids (see dense_catchment.hpp), as it was.
#include "dense_catchment.hpp"

#include <assetmap/network/shortest_paths.hpp>

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace assetmap::test {

namespace {

struct EdgeWalk {
    double from_d, to_d, length;
    std::vector<const network::Snap*> on_edge;
    double at(double x) const {
        double d = std::min(from_d + x, to_d + (length - x));
        for (const auto* s : on_edge) d = std::min(d, std::abs(x - s->along_m) + s->snap_distance_m);
        return d;
    }
};

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

RingM ring_of(const OGRLinearRing& r) {
    RingM out;
    for (int i = 0; i < r.getNumPoints(); ++i) out.push_back({r.getX(i), r.getY(i)});
    return out;
}

}  // namespace

DenseGrid dense_walking_distance_grid(const network::WalkGraph& graph,
                                      const std::vector<network::Snap>& sources, double limit_m,
                                      double buffer_m, double cell_m) {
    using namespace network;
    DenseGrid grid;
    grid.cell_m = cell_m;
    if (sources.empty() || !(limit_m > 0) || !(cell_m > 0)) return grid;
    const std::vector<double> dist = node_distances(graph, sources, limit_m);
    std::vector<std::vector<const Snap*>> sources_on(graph.edge_count());
    for (const Snap& s : sources) sources_on[s.edge].push_back(&s);
    std::vector<std::uint32_t> reached;
    BoxM box;
    for (std::uint32_t e = 0; e < graph.edge_count(); ++e) {
        const NetworkEdge& edge = graph.edge(e);
        if (dist[edge.from] > limit_m && dist[edge.to] > limit_m && sources_on[e].empty()) continue;
        reached.push_back(e);
        box.expand(graph.node(edge.from));
        box.expand(graph.node(edge.to));
        for (const PointM& p : edge.shape) box.expand(p);
    }
    if (reached.empty()) return grid;
    const double pad = buffer_m + cell_m;
    grid.min_x_m = std::floor((box.min_x_m - pad) / cell_m) * cell_m;
    grid.max_y_m = std::ceil((box.max_y_m + pad) / cell_m) * cell_m;
    grid.width = static_cast<std::uint32_t>(std::ceil((box.max_x_m + pad - grid.min_x_m) / cell_m));
    grid.height = static_cast<std::uint32_t>(std::ceil((grid.max_y_m - (box.min_y_m - pad)) / cell_m));
    grid.values.assign(std::size_t(grid.width) * grid.height, DenseGrid::none);
    const double b2 = buffer_m * buffer_m;
    std::vector<PointM> line;
    for (const std::uint32_t e : reached) {
        const NetworkEdge& edge = graph.edge(e);
        EdgeWalk walk{dist[edge.from], dist[edge.to], edge.length_m, sources_on[e]};
        line.clear();
        line.push_back(graph.node(edge.from));
        line.insert(line.end(), edge.shape.begin(), edge.shape.end());
        line.push_back(graph.node(edge.to));
        double total = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) total += distance_m(line[i], line[i + 1]);
        const double scale = total > 0.0 ? edge.length_m / total : 1.0;
        double walked = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const PointM& a = line[i];
            const PointM& b = line[i + 1];
            const double dx = b.x_m - a.x_m, dy = b.y_m - a.y_m;
            const double len2 = dx * dx + dy * dy;
            const double seg = std::sqrt(len2);
            const auto col0 = static_cast<long>((std::min(a.x_m, b.x_m) - buffer_m - grid.min_x_m) / cell_m);
            const auto col1 = static_cast<long>((std::max(a.x_m, b.x_m) + buffer_m - grid.min_x_m) / cell_m);
            const auto row0 = static_cast<long>((grid.max_y_m - std::max(a.y_m, b.y_m) - buffer_m) / cell_m);
            const auto row1 = static_cast<long>((grid.max_y_m - std::min(a.y_m, b.y_m) + buffer_m) / cell_m);
            for (long row = std::max(0L, row0); row <= std::min<long>(grid.height - 1, row1); ++row) {
                const double cy = grid.max_y_m - (row + 0.5) * cell_m;
                for (long col = std::max(0L, col0); col <= std::min<long>(grid.width - 1, col1); ++col) {
                    const double cx = grid.min_x_m + (col + 0.5) * cell_m;
                    const double t = len2 > 0.0 ? std::clamp(((cx - a.x_m) * dx + (cy - a.y_m) * dy) / len2, 0.0, 1.0) : 0.0;
                    const double px = a.x_m + t * dx - cx, py = a.y_m + t * dy - cy;
                    if (px * px + py * py > b2) continue;
                    const double d = walk.at((walked + t * seg) * scale);
                    if (d > limit_m) continue;
                    float& cell = grid.at(static_cast<std::uint32_t>(col), static_cast<std::uint32_t>(row));
                    cell = std::min(cell, static_cast<float>(d));
                }
            }
            walked += seg;
        }
    }
    return grid;
}

std::vector<MultiPolygonM> dense_polygonize_levels(const DenseGrid& grid,
                                                   const std::vector<double>& levels) {
    std::vector<MultiPolygonM> out(levels.size());
    if (grid.width == 0 || grid.height == 0) return out;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* vmem = GetGDALDriverManager()->GetDriverByName("Memory");
    if (!mem || !vmem) throw std::runtime_error("GDAL's MEM/Memory drivers are not registered");
    DatasetPtr raster(mem->Create("", int(grid.width), int(grid.height), 1, GDT_Byte, nullptr));
    const double transform[6] = {grid.min_x_m, grid.cell_m, 0.0, grid.max_y_m, 0.0, -grid.cell_m};
    raster->SetGeoTransform(const_cast<double*>(transform));
    GDALRasterBand* band = raster->GetRasterBand(1);
    std::vector<GByte> mask(grid.values.size());
    for (std::size_t k = 0; k < levels.size(); ++k) {
        bool any = false;
        for (std::size_t i = 0; i < mask.size(); ++i) {
            mask[i] = grid.values[i] <= levels[k] ? 1 : 0;
            any = any || mask[i];
        }
        if (!any) continue;
        if (band->RasterIO(GF_Write, 0, 0, int(grid.width), int(grid.height), mask.data(),
                           int(grid.width), int(grid.height), GDT_Byte, 0, 0, nullptr) != CE_None)
            throw std::runtime_error("cannot fill a grid");
        DatasetPtr vector(vmem->Create("", 0, 0, 0, GDT_Unknown, nullptr));
        OGRLayer* layer = vector->CreateLayer("cells", nullptr, wkbPolygon, nullptr);
        OGRFieldDefn field("value", OFTInteger);
        layer->CreateField(&field);
        if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None)
            throw std::runtime_error("cannot trace the grid");
        layer->ResetReading();
        for (auto& feature : *layer) {
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g || wkbFlatten(g->getGeometryType()) != wkbPolygon) continue;
            const OGRPolygon* poly = g->toPolygon();
            PolygonM p;
            p.outer = ring_of(*poly->getExteriorRing());
            for (int i = 0; i < poly->getNumInteriorRings(); ++i)
                p.holes.push_back(ring_of(*poly->getInteriorRing(i)));
            out[k].push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace assetmap::test
