#include <assetmap/core/error.hpp>
#include <assetmap/io/grid_polygonizer.hpp>

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

namespace assetmap::io {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

RingM ring_of(const OGRLinearRing& r) {
    RingM out;
    out.reserve(r.getNumPoints());
    for (int i = 0; i < r.getNumPoints(); ++i) out.push_back({r.getX(i), r.getY(i)});
    return out;
}

}  // namespace

std::vector<MultiPolygonM> polygonize_levels(const GridM& grid, const std::vector<double>& levels) {
    std::vector<MultiPolygonM> out(levels.size());
    if (grid.width == 0 || grid.height == 0) return out;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* vmem = GetGDALDriverManager()->GetDriverByName("Memory");
    if (!mem || !vmem) throw io_error("GDAL's MEM/Memory drivers are not registered");

    DatasetPtr raster(mem->Create("", static_cast<int>(grid.width), static_cast<int>(grid.height),
                                  1, GDT_Byte, nullptr));
    if (!raster) throw io_error(std::string("cannot create a grid: ") + CPLGetLastErrorMsg());
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
        if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(grid.width),
                           static_cast<int>(grid.height), mask.data(),
                           static_cast<int>(grid.width), static_cast<int>(grid.height), GDT_Byte,
                           0, 0, nullptr) != CE_None)
            throw io_error(std::string("cannot fill a grid: ") + CPLGetLastErrorMsg());
        DatasetPtr vector(vmem->Create("", 0, 0, 0, GDT_Unknown, nullptr));
        OGRLayer* layer = vector ? vector->CreateLayer("cells", nullptr, wkbPolygon, nullptr)
                                 : nullptr;
        if (!layer) throw io_error(std::string("cannot create a layer: ") + CPLGetLastErrorMsg());
        OGRFieldDefn field("value", OFTInteger);
        layer->CreateField(&field);
        // The band is its own mask: cells of value 0 are left out.
        if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None)
            throw io_error(std::string("cannot trace the grid: ") + CPLGetLastErrorMsg());
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

}  // namespace assetmap::io
