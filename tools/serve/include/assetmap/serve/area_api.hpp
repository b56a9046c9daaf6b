#pragma once
/// @file The JSON API of the web page: `/api/atlas` (what the atlas holds: indicators with
/// units, comparators, categories, tile sets), `/api/areas` (every area with its index,
/// rank, decile and domain scores) and `/api/areas/{code}` (the area's profile: every
/// measure with units, every indicator beside every comparator and the spider chart's
/// ratios, its assets by domain, data-extent flags). Shapes: README, "JSON API".

#include <assetmap/serve/geo_layers.hpp>
#include <assetmap/serve/http_types.hpp>
#include <assetmap/serve/prepared_body.hpp>

#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <vector>

namespace assetmap {
class Taxonomy;
}

namespace assetmap::serve {

/// Extra facts /api/atlas reports that are not in the atlas itself.
struct AtlasFacts {
    std::vector<std::string> tilesets;     ///< tile set names, as /tiles lists them
    std::vector<std::string> near_modes;   ///< travel modes of /api/near; empty = unavailable
    std::string near_unavailable;          ///< why /api/near is unavailable ("" when it is)
    double walk_speed_kmh = 0.0;           ///< 0 when unknown
};

/// Area JSON over one atlas. Immutable; thread-safe.
class AreaApi {
public:
    /// `layers`: the atlas's geometric layers in CRS84 by name (areas and assets used);
    /// `taxonomy` (optional) gives category labels and domains. They must outlive this.
    AreaApi(const atlas::Atlas& atlas, const std::map<std::string, LayerLonLat>& layers,
            const Taxonomy* taxonomy);

    /// GET /api/atlas.
    std::string atlas_json(const AtlasFacts& facts) const;
    /// GET /api/areas (computed once).
    const PreparedBody& areas_json() const noexcept { return areas_json_; }
    /// The body of GET /api/areas/{code}?lang=…; nullopt when the atlas has no such area.
    /// `lang` is the language of the words (titles, values with units, sentences): one of
    /// i18n::languages() ("en", "cy"), checked by the caller.
    std::optional<std::string> area_json(const std::string& code,
                                         const std::string& lang = "en") const;
    /// GET /api/areas/{code}?lang=… (each area's body in each language is computed once,
    /// then served from memory); 404 when the atlas has no such area.
    Response area(const std::string& code, const std::string& lang, const Request& request) const;
    /// Computes and keeps the profile of every area in every language now (so that no
    /// request waits for one).
    void warm() const;

private:
    const atlas::Atlas& atlas_;
    const LayerLonLat* areas_ = nullptr;
    const LayerLonLat* assets_ = nullptr;
    const Taxonomy* taxonomy_ = nullptr;
    PreparedBody areas_json_;
    std::map<std::string, std::string> units_;  ///< column → unit, for the areas layer
    std::map<std::string, std::pair<std::string, std::string>> columns_;  ///< title, description
    mutable std::mutex mu_;
    /// Prepared profiles by "lang/code".
    mutable std::map<std::string, std::shared_ptr<const PreparedBody>, std::less<>> profiles_;
};

}  // namespace assetmap::serve
