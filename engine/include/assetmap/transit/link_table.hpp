#pragma once
/// @file Walking links in compressed rows: from each place, the places reached and how long
/// the walk takes (transfers between stops, egress from stops to targets).

#include <assetmap/transit/walker.hpp>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace assetmap::transit {

/// "Not reached", in seconds.
constexpr std::int32_t unreachable_s = std::numeric_limits<std::int32_t>::max();

/// A walk to one place: its index and the walk in seconds and metres.
struct Link {
    std::uint32_t to = 0;
    std::int32_t seconds = 0;
    float walk_m = 0.0f;
};

/// Links from places 0 … from_count()−1 (CSR). Immutable once built.
class LinkTable {
public:
    LinkTable() : first_(1, 0) {}
    /// One list per "from" place; each list is kept in its order.
    explicit LinkTable(const std::vector<std::vector<Link>>& lists);

    std::size_t from_count() const noexcept { return first_.size() - 1; }
    std::size_t link_count() const noexcept { return links_.size(); }
    std::pair<const Link*, const Link*> from(std::uint32_t i) const {
        return {links_.data() + first_[i], links_.data() + first_[i + 1]};
    }

private:
    std::vector<std::uint32_t> first_;
    std::vector<Link> links_;
};

/// Converts walking links into Links at `speed_kmh` (seconds rounded up, walk_seconds()).
std::vector<Link> to_links(const std::vector<WalkLink>& walks, double speed_kmh);

}  // namespace assetmap::transit
