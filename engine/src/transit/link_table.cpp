/// @file Walking links (see link_table.hpp).

#include <assetmap/transit/link_table.hpp>

namespace assetmap::transit {

LinkTable::LinkTable(const std::vector<std::vector<Link>>& lists) {
    first_.reserve(lists.size() + 1);
    first_.push_back(0);
    for (const auto& l : lists) {
        links_.insert(links_.end(), l.begin(), l.end());
        first_.push_back(static_cast<std::uint32_t>(links_.size()));
    }
}

std::vector<Link> to_links(const std::vector<WalkLink>& walks, double speed_kmh) {
    std::vector<Link> out;
    out.reserve(walks.size());
    for (const WalkLink& w : walks)
        out.push_back({w.to, walk_seconds(w.walk_m, speed_kmh), static_cast<float>(w.walk_m)});
    return out;
}

}  // namespace assetmap::transit
