#pragma once
/// @file assetmap_bench's whole-process stage: `assetmap count` on a lon/lat CSV of the drawn
/// points, against PostGIS on the same file.

#include "bench_run.hpp"

#include <assetmap/core/geometry.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace assetmap::bench {

/// Writes the first `config.count_points` of `points` as "id,lon,lat" (EPSG:4326, 7
/// decimals), runs `assetmap count` on them as a whole process at 1 and `config.threads`
/// threads (wall, CPU, peak memory, CPU share), then, when PostGIS is wanted, the PostGIS
/// peer on the same file (loading and join timed apart), compares the counts and prints the
/// ratios (whole process against the join alone, and against loading + join). Returns 1 when
/// the counts differ, else 0.
int run_count_stage(const BenchConfig& config, const std::string& areas_path,
                    const std::vector<PointM>& points, std::ostream& out);

}  // namespace assetmap::bench
