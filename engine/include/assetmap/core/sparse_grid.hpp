#pragma once
/// @file A north-up grid of values over the metric CRS that stores only the tiles where
/// something was written (e.g. walking distances along a reached network for catchments):
/// memory follows what is written, not the bounding box.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace assetmap {

/// Cell (col, row) covers x ∈ [min_x_m + col·cell_m, +cell_m), y ∈ (max_y_m − (row+1)·cell_m,
/// max_y_m − row·cell_m]; row 0 is the northern edge; col, row ≥ 0. Cells live in tiles of
/// kTile × kTile, made on first write; a cell never written holds `none`.
class SparseGridM {
  public:
    static constexpr float none = std::numeric_limits<float>::infinity();
    static constexpr std::uint32_t kTile = 64;

    struct Tile {
        std::uint32_t tx = 0, ty = 0;  ///< tile column and row
        std::vector<float> values;     ///< kTile × kTile, row-major
    };

    SparseGridM() = default;
    SparseGridM(double min_x_m, double max_y_m, double cell_m)
        : min_x_m_(min_x_m), max_y_m_(max_y_m), cell_m_(cell_m) {}

    double min_x_m() const noexcept { return min_x_m_; }
    double max_y_m() const noexcept { return max_y_m_; }
    double cell_m() const noexcept { return cell_m_; }

    /// The value of a cell (`none` when never written).
    float at(std::uint32_t col, std::uint32_t row) const {
        const auto it = index_.find(key(col / kTile, row / kTile));
        if (it == index_.end()) return none;
        return tiles_[it->second].values[(row % kTile) * kTile + col % kTile];
    }
    /// The cell, its tile made (all `none`) when missing.
    float& cell(std::uint32_t col, std::uint32_t row) {
        const std::uint32_t tx = col / kTile, ty = row / kTile;
        if (last_ >= tiles_.size() || tiles_[last_].tx != tx || tiles_[last_].ty != ty) {
            const auto [it, fresh] = index_.try_emplace(key(tx, ty), tiles_.size());
            if (fresh) tiles_.push_back(Tile{tx, ty, std::vector<float>(kTile * kTile, none)});
            last_ = it->second;
        }
        return tiles_[last_].values[(row % kTile) * kTile + col % kTile];
    }

    const std::vector<Tile>& tiles() const noexcept { return tiles_; }
    /// The tile holding (tx, ty), or nullptr.
    const Tile* tile(std::uint32_t tx, std::uint32_t ty) const {
        const auto it = index_.find(key(tx, ty));
        return it == index_.end() ? nullptr : &tiles_[it->second];
    }
    bool empty() const noexcept { return tiles_.empty(); }
    /// Bytes held by the tiles.
    std::size_t bytes() const noexcept { return tiles_.size() * kTile * kTile * sizeof(float); }

  private:
    static std::uint64_t key(std::uint32_t tx, std::uint32_t ty) {
        return (std::uint64_t(ty) << 32) | tx;
    }
    double min_x_m_ = 0.0, max_y_m_ = 0.0, cell_m_ = 1.0;
    std::vector<Tile> tiles_;
    std::unordered_map<std::uint64_t, std::size_t> index_;
    std::size_t last_ = SIZE_MAX;  ///< the tile of the last write
};

}  // namespace assetmap
