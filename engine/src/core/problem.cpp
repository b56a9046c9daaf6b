#include <assetmap/core/problem.hpp>

namespace assetmap {

const char* to_string(ProblemKind kind) {
    switch (kind) {
        case ProblemKind::invalid_geometry_repaired: return "invalid_geometry_repaired";
        case ProblemKind::invalid_geometry_dropped: return "invalid_geometry_dropped";
        case ProblemKind::empty_geometry: return "empty_geometry";
        case ProblemKind::bad_coordinate: return "bad_coordinate";
        case ProblemKind::outside_areas: return "outside_areas";
        case ProblemKind::duplicate_id: return "duplicate_id";
        case ProblemKind::unknown_category: return "unknown_category";
        case ProblemKind::missing_field: return "missing_field";
        case ProblemKind::bad_value: return "bad_value";
        case ProblemKind::wrong_geometry_type: return "wrong_geometry_type";
        case ProblemKind::unmatched_code: return "unmatched_code";
        case ProblemKind::incomplete_geometry: return "incomplete_geometry";
        case ProblemKind::off_network: return "off_network";
        case ProblemKind::no_stop_in_reach: return "no_stop_in_reach";
    }
    return "unknown";
}

std::map<std::string, std::size_t> ProblemReport::counts_by_kind() const {
    std::map<std::string, std::size_t> counts;
    for (const auto& p : problems_) ++counts[to_string(p.kind)];
    return counts;
}

}  // namespace assetmap
