#pragma once
/// @file Point-in-polygon assignment of points to areas.
///
/// Edge rule: a point on a boundary shared by several areas goes to the area with the
/// lowest index in the vector given to the constructor (callers sort areas by code, so
/// the lowest code wins). A point exactly on the outer boundary of one area belongs to it.

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace assetmap::spatial {

/// Index of area polygons for fast point location. Immutable after construction and safe
/// to query from several threads at once.
class AreaLocator {
public:
    /// Copies what it needs from `areas`; areas may be empty multipolygons (never matched).
    explicit AreaLocator(const std::vector<MultiPolygonM>& areas);
    /// The same over `n` areas given by `area(i)`, for callers that keep the polygons in their
    /// own records: nothing is copied but what the index stores. The cells along the areas'
    /// boundaries are classified on `threads` threads; the index is the same for any number.
    AreaLocator(std::size_t n, const std::function<const MultiPolygonM&(std::size_t)>& area,
                unsigned threads = 1);
    ~AreaLocator();
    AreaLocator(AreaLocator&&) noexcept;
    AreaLocator& operator=(AreaLocator&&) noexcept;

    /// Index of the area containing `p` (boundary included, edge rule above), or nullopt.
    std::optional<std::size_t> locate(const PointM& p) const;

    /// The answer locate() gives to every point within `margin_m` metres of `p` (in x and
    /// in y), when it is the same for all of them: from the cell when the cell settles it,
    /// else (a boundary cell) from the exact tests of the cell's areas when none of their
    /// segments comes within 1.5 × `margin_m` of `p`. nullopt when it cannot vouch (a
    /// segment that near, the square across cells, an area with a non-finite vertex); else
    /// locate()'s answer, itself optional (no area). For points whose position is known only
    /// within a margin (e.g. an interpolated transform): a decided answer is the exact
    /// point's answer.
    std::optional<std::optional<std::size_t>> locate_within(const PointM& p,
                                                            double margin_m) const;

    /// locate_within for `n` points at once, with the same answers, faster for scattered
    /// points: the memory look-ups of a batch overlap. `margins_m[i]` goes with `points[i]`.
    void locate_within(const PointM* points, const double* margins_m, std::size_t n,
                       std::optional<std::optional<std::size_t>>* out) const;

    std::size_t size() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace assetmap::spatial
