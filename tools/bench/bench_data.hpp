#pragma once
/// @file Inputs of assetmap_bench: the Welsh MSOAs, population-weighted synthetic points,
/// the files handed to peers, and an independent brute-force point-in-polygon reference.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::spatial {
class AreaLocator;
}

namespace assetmap::bench {

/// Areas sorted by code, geometry in EPSG:27700 metres, population (0 when unknown).
struct Areas {
    std::vector<std::string> codes;
    std::vector<MultiPolygonM> shapes;
    std::vector<double> population;
    std::size_t problems = 0;  ///< data problems reported while reading
};

/// Reads the areas (`code_field` as the code) with io::read_vector into EPSG:27700 and,
/// if `pop_csv` is not empty, the population per code from its `pop_field` column.
/// GDAL drivers must be registered.
Areas load_areas(const std::string& path, const std::string& code_field, const std::string& pop_csv,
                 const std::string& pop_field);

/// `n` points in EPSG:27700: each picks an area with probability proportional to its
/// population (uniform when no population is known), then a uniform point in that area's
/// bounding box, drawn again until `locator` puts it in that very area. Deterministic for
/// a seed whatever `threads` is (points come in blocks of 2^20, each with its own stream).
std::vector<PointM> population_points(const Areas& areas, const spatial::AreaLocator& locator,
                                      std::size_t n, std::uint64_t seed, unsigned threads);

/// Writes the first `n` points as raw little-endian float64 pairs (x, y), no header.
void write_points_bin(const std::string& path, const std::vector<PointM>& points, std::size_t n);
/// Writes the first `n` points as CSV "x,y" (shortest round-trip decimal).
void write_points_csv(const std::string& path, const std::vector<PointM>& points, std::size_t n);
/// Writes the areas as CSV "code,wkt" (MULTIPOLYGON in EPSG:27700, round-trip decimals).
void write_areas_csv(const std::string& path, const Areas& areas);

/// Reads "code,count" lines written by a peer (a header line is skipped).
std::vector<std::pair<std::string, std::uint64_t>> read_counts_csv(const std::string& path);

/// The lowest-index area whose closed polygon holds `p` — PNPOLY plus an exact on-segment
/// test, every area tried in turn (after a box check). Written apart from AreaLocator to
/// check it.
std::optional<std::size_t> brute_force_locate(const std::vector<MultiPolygonM>& shapes,
                                              const std::vector<BoxM>& boxes, const PointM& p);

}  // namespace assetmap::bench
