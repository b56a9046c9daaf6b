#pragma once
/// @file Data problems: reported, never swallowed (after libosmium's problem_reporter).

#include <assetmap/core/geometry.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace assetmap {

/// What kind of problem. The string form (`to_string`) is what the `problems` layer stores.
enum class ProblemKind {
    invalid_geometry_repaired,  ///< GEOS MakeValid repaired it; kept
    invalid_geometry_dropped,   ///< could not be repaired; not used
    empty_geometry,             ///< null or empty geometry; not used
    bad_coordinate,             ///< NaN/infinite or outside the CRS's range; not used
    outside_areas,              ///< asset or point outside every study area; kept, flagged
    duplicate_id,               ///< an id seen before in the same source; the later one is not used
    unknown_category,           ///< a category value the taxonomy does not know; not used
    missing_field,              ///< a required field is empty or absent; not used
    bad_value,                  ///< a field value that does not parse (number, etc.); not used
    wrong_geometry_type,        ///< e.g. a line where a point was expected; not used
    unmatched_code,             ///< a code that joins to no area; not used
    incomplete_geometry,        ///< OSM way/relation with missing nodes or members; not used
    off_network,                ///< farther than the snap limit from the walking network;
                                ///< kept, left out of the net_ measures
    no_stop_in_reach,           ///< population points with no public-transport stop within
                                ///< the walk limit; kept (their pt_ times are walk-only)
};

const char* to_string(ProblemKind kind);

/// One problem, located as precisely as the source allows.
struct Problem {
    ProblemKind kind{};
    std::string source;   ///< file path or source name
    std::string layer;    ///< layer name, or empty
    std::string feature;  ///< feature id, OSM id or "line N"; empty if not known
    std::string field;    ///< field name, or empty
    std::string message;  ///< what and, where possible, the fix
    std::optional<PointM> location;  ///< where on the map, if known (metric CRS)
};

/// Collects problems. Library code reports into this; tools decide what to print.
class ProblemReport {
public:
    void add(Problem problem) { problems_.push_back(std::move(problem)); }
    void add(ProblemKind kind, std::string source, std::string feature, std::string field,
             std::string message) {
        add(Problem{kind, std::move(source), {}, std::move(feature), std::move(field),
                    std::move(message), std::nullopt});
    }

    const std::vector<Problem>& problems() const noexcept { return problems_; }
    std::size_t size() const noexcept { return problems_.size(); }
    bool empty() const noexcept { return problems_.empty(); }

    /// Count per kind, in the enum's order (for the stderr summary).
    std::map<std::string, std::size_t> counts_by_kind() const;

private:
    std::vector<Problem> problems_;
};

}  // namespace assetmap
