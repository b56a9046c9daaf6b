#pragma once
/// @file Coordinate transformation into the study's metric CRS (PROJ, behind a pimpl).

#include <assetmap/core/geometry.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace assetmap::io {

/// One PROJ transformation from a source CRS into a target CRS, with the traditional GIS
/// axis order on both sides (longitude/easting first), whatever the CRS definition says.
/// Not thread-safe: make one per thread (creating one costs ~50 ms).
class CrsTransform {
public:
    /// Whether in_source_area_of_use checks a projected source's coordinates against the
    /// CRS's area of use. That takes a second transformation, source → OGC:CRS84 (~30 ms to
    /// build for EPSG:27700); `no` is for coordinates checked when they were written (an
    /// atlas of assetmap's): a projected source's finite coordinates are then all in range,
    /// and description() names PROJ's set of candidate operations, not the one it picks in
    /// the middle of the area. Geographic sources are checked either way (no PROJ needed).
    enum class RangeCheck { yes, no };

    /// `source_crs`, `target_crs`: anything PROJ accepts ("EPSG:4326", "OGC:CRS84", WKT,
    /// a PROJ string). Throws crs_error naming the CRS when PROJ cannot build it.
    CrsTransform(const std::string& source_crs, const std::string& target_crs,
                 RangeCheck range = RangeCheck::yes);
    ~CrsTransform();
    CrsTransform(CrsTransform&&) noexcept;
    CrsTransform& operator=(CrsTransform&&) noexcept;
    CrsTransform(const CrsTransform&) = delete;
    CrsTransform& operator=(const CrsTransform&) = delete;

    /// A copy for another thread, with its own PROJ context (proj_clone: about 1 ms, where
    /// building a transformation costs ~25 ms); the same operations, the same results.
    CrsTransform clone() const;

    /// A transformation from `source_crs` to `target_crs` for the calling thread: a clone of
    /// one kept per process and pair (thread-safe; building one takes ~25-80 ms with PROJ's
    /// database, a clone ~1 ms). Reading the areas and a points CSV in the same CRS, or
    /// several layers of an atlas, build it once; a thread that asks while another is
    /// building the same pair waits for that build. Throws as the constructor does (and
    /// again on every call for that pair). Kept per pair and RangeCheck.
    static CrsTransform shared(const std::string& source_crs, const std::string& target_crs,
                               RangeCheck range = RangeCheck::yes);

    /// Transforms one coordinate pair given in the source CRS's traditional GIS order
    /// (lon/lat degrees for geographic CRSs, easting/northing metres for projected ones).
    /// Returns nullopt if the input is not finite or PROJ cannot transform it.
    std::optional<PointM> to_metric(double x, double y) const;
    /// Same, for the inverse direction (metric → source CRS), e.g. metres → lon/lat.
    std::optional<LonLat> to_source(const PointM& p) const;

    /// Transforms `n` coordinate pairs in place with one PROJ call (proj_trans_generic),
    /// the same results as to_metric pair by pair: `x`, `y` in the source CRS's traditional
    /// GIS order in, the target CRS's out; a pair that is not finite or that PROJ cannot
    /// transform comes out NaN.
    void to_metric_batch(double* x, double* y, std::size_t n) const;
    /// in_source_area_of_use for `n` pairs at once (one PROJ call for projected sources):
    /// `inside[i]` is 1 or 0.
    void in_source_area_of_use_batch(const double* x, const double* y, std::size_t n,
                                     std::vector<unsigned char>& inside) const;

    /// True when the source is a geographic CRS (degrees).
    bool source_is_geographic() const noexcept;
    /// True when (x, y) lies inside the source CRS's area of use (plus a small margin);
    /// used to flag out-of-range coordinates.
    bool in_source_area_of_use(double x, double y) const;
    /// The PROJ operation chosen, e.g. "Inverse of OSGB36 to WGS 84 (6) + British National
    /// Grid" and its accuracy in metres (-1 when unknown), for the metadata.
    std::string description() const;

    const std::string& source_crs() const noexcept;
    const std::string& target_crs() const noexcept;

private:
    CrsTransform() = default;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Why `crs` cannot be a study's metric CRS, or nullopt when it can: a phrase such as "is
/// geographic (degrees)", "has axes in US survey foot" or "is Web Mercator (its metres are
/// not ground metres)". Throws crs_error when PROJ does not know the CRS.
std::optional<std::string> metric_crs_problem(const std::string& crs);

}  // namespace assetmap::io
