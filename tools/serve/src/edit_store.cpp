/// @file The edit store's factory and what both back ends share (edit_store.hpp).

#include <assetmap/serve/edit_store.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace assetmap::serve {

bool is_postgres_location(const std::string& where) { return where.rfind("PG:", 0) == 0; }

std::unique_ptr<EditStore> open_edit_store(const std::string& where,
                                           const StoreIdentity& identity, bool create) {
    if (is_postgres_location(where))
        return detail::open_postgres_store(where.substr(3), identity, create);
    return detail::open_sqlite_store(where, identity, create);
}

std::string audit_json(const std::string& asset_id, const std::optional<edit::AssetState>& state) {
    if (!state) return "";
    nlohmann::ordered_json j;
    j["asset_id"] = asset_id;
    j["category"] = state->category;
    j["name"] = state->name;
    j["lon"] = state->lonlat.lon_deg;
    j["lat"] = state->lonlat.lat_deg;
    j["capacity"] = state->capacity && std::isfinite(*state->capacity)
                        ? nlohmann::ordered_json(*state->capacity)
                        : nlohmann::ordered_json();
    j["note"] = state->note;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace assetmap::serve
