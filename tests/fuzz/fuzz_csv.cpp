// Fuzz target: the RFC 4180 CSV reader (points, assets, population tables, GTFS stops).
#include <assetmap/core/error.hpp>
#include <assetmap/io/csv.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assetmap;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto table = io::CsvTable::parse(text, "fuzz.csv");
        for (const auto& name : {"x", "easting", "stop_lat", "ID"}) {
            try {
                (void)table.column(name);
            } catch (const input_error&) {
            }
        }
        for (const auto& row : table.rows())
            for (const auto& field : row.fields) (void)io::parse_double(field);
    } catch (const input_error&) {
    }
    return 0;
}
