// Fuzz target: an atlas's metadata as serve, report and tiles read it back: each input line
// "key=value" becomes a row of the metadata layer; the atlas indexes it (indicators,
// categories from measure.<c>.thresholds_m) and every indicator column is parsed and
// described (atlas::describe_column, as the GeoPackage columns, legends and API read it).
#include <assetmap/atlas/atlas.hpp>
#include <assetmap/atlas/column_info.hpp>
#include <assetmap/core/error.hpp>
#include <assetmap/measure/measure_key.hpp>

#include <cstdint>
#include <map>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assetmap;
    using io::FieldType;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<io::OutputLayer> layers(4);
    layers[0].name = "areas";
    layers[0].fields = {{"code", FieldType::string}};
    layers[0].rows = {{std::string("A1")}};
    layers[1].name = "comparators";
    layers[1].fields = {{"comparator", FieldType::string}, {"kind", FieldType::string}};
    layers[2].name = "indicators";
    layers[2].fields = {{"area_code", FieldType::string}, {"indicator", FieldType::string}};
    layers[3].name = "metadata";
    layers[3].fields = {{"key", FieldType::string}, {"value", FieldType::string}};
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto nl = text.find('\n', start);
        const std::string line = text.substr(start, nl == std::string::npos ? nl : nl - start);
        const auto eq = line.find('=');
        layers[3].rows.push_back({line.substr(0, eq),
                                  eq == std::string::npos ? std::string() : line.substr(eq + 1)});
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    try {
        const atlas::Atlas a(std::move(layers), "fuzz.gpkg");
        (void)a.metric_crs();
        (void)a.title();
        const std::map<std::string, std::string> meta(a.metadata().begin(), a.metadata().end());
        const auto context = atlas::column_context(meta);
        for (const auto& column : a.indicators()) {
            (void)measure::parse_column(column, a.categories());
            (void)atlas::describe_column("areas", column, context);
        }
    } catch (const error&) {
    }
    return 0;
}
