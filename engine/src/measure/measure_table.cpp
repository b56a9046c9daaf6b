/// @file Column look-up in a MeasureTable (linear: tables have at most a few hundred columns).

#include <assetmap/measure/measure_table.hpp>

namespace assetmap::measure {

std::size_t MeasureTable::find(const MeasureKey& key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) return i;
    }
    return keys.size();
}

std::size_t MeasureTable::find(const std::string& column) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].column() == column) return i;
    }
    return keys.size();
}

}  // namespace assetmap::measure
