/// @file Domain colours (see palette.hpp).

#include "palette.hpp"

#include <assetmap/tiles/choropleth.hpp>

#include <string>

namespace assetmap::report {

const char* domain_colour_of(std::string_view domain) {
    return tiles::domain_colour(std::string(domain));
}

const char* domain_text_colour(std::string_view domain) {
    if (domain == "community") return "#8a5300";   // 6.3:1 on white
    if (domain == "individual") return "#005a8c";  // 7.4:1
    if (domain == "structural") return "#00694d";  // 6.7:1
    return "#4d4d4d";
}

const char* domain_tint(std::string_view domain) {
    if (domain == "community") return "#fdf1dc";
    if (domain == "individual") return "#e1eef7";
    if (domain == "structural") return "#dcf1e9";
    return "#eeeeee";
}

}  // namespace assetmap::report
