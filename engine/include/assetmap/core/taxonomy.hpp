#pragma once
/// @file The asset taxonomy: categories, their domain, selectors and default threshold.
///
/// Loaded from an editable data file (datasets/taxonomy.toml) by io::load_taxonomy; this
/// header is the plain value and its matching rules, with no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assetmap {

/// Public Health Wales' three asset domains.
enum class Domain { individual, community, structural };

const char* to_string(Domain d);
/// Parses "individual" / "community" / "structural"; nullopt otherwise.
std::optional<Domain> parse_domain(std::string_view s);

/// One `key=value` condition; an empty value list means any value (`key=*`). Negated
/// (`key!=v1|v2`): holds when the key is absent or its value is none of the values
/// (`key!=*`: the key is absent).
struct TagCondition {
    std::string key;
    std::vector<std::string> values;  ///< any of these; empty = any value
    bool negated = false;             ///< `!=`: none of these (or the key absent)
};

/// A selector matches when all its conditions hold (`a=b & c=d`).
struct TagSelector {
    std::vector<TagCondition> all_of;
    /// True when at least one condition is positive (`key=…`): such a selector can only
    /// match records that have one of its keys.
    bool has_positive() const;
};

/// Parses "amenity=doctors", "shop=supermarket|convenience", "leisure=*",
/// "public_transport=platform & bus=yes", "fclass!=doctors|library". Keys and values are
/// matched exactly (case-sensitive). Throws config_error on a malformed selector.
TagSelector parse_selector(std::string_view text);

/// An OSM-style tag list handed to matching (views into the caller's storage): OSM tags, or
/// the fields of a vector/CSV record as name/value pairs.
using TagList = std::vector<std::pair<std::string_view, std::string_view>>;

/// True when `selector` holds for `tags` (every condition holds; an empty selector never
/// matches).
bool selector_matches(const TagSelector& selector, const TagList& tags);

/// True when any of `selectors` holds for `tags`.
bool any_selector_matches(const std::vector<TagSelector>& selectors, const TagList& tags);

/// A category of asset.
struct Category {
    std::string id;               ///< e.g. "gp_doctors"
    std::string label;            ///< human name, e.g. "GP surgeries"
    Domain domain{};              ///< individual / community / structural
    double threshold_m = 800.0;   ///< default walking threshold, metres
    bool is_area = false;         ///< polygon assets (green space): area measures apply
    double decay_beta_per_m = 0.0;///< gravity decay β, 1/metres (0 = not set)
    std::vector<TagSelector> osm;       ///< OSM tag selectors; any selector matches
    /// Selectors on the fields of other published schemas (Geofabrik's `fclass=pharmacy`,
    /// NaPTAN's `StopType=BCT`); matched, with `osm`, against the fields of vector and CSV
    /// records, never against OSM tags.
    std::vector<TagSelector> select;
    std::vector<std::string> aliases;   ///< other field values that mean this category
};

/// The whole taxonomy, in file order.
class Taxonomy {
public:
    Taxonomy() = default;
    /// Throws config_error on duplicate ids or aliases.
    explicit Taxonomy(std::vector<Category> categories);

    const std::vector<Category>& categories() const noexcept { return categories_; }
    /// The category with this id, or nullptr.
    const Category* find(std::string_view id) const;
    /// The category a field value names (its id or one of its aliases), or nullptr.
    const Category* match_value(std::string_view value) const;
    /// Every category whose OSM selectors match these tags, in taxonomy order.
    std::vector<const Category*> match_osm(const TagList& tags) const;
    /// Every category whose `osm` or `select` selectors match the fields of a vector or CSV
    /// record (given as tags), in taxonomy order.
    std::vector<const Category*> match_fields(const TagList& fields) const;
    /// Every tag key any selector looks at (for pre-filtering OSM objects).
    std::vector<std::string> osm_keys() const;

private:
    std::vector<Category> categories_;
};

}  // namespace assetmap
