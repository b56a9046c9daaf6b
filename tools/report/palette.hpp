#pragma once
/// @file The report's colours of the asset domains: the raster tiles' marker colours
/// (tiles::domain_colour, Okabe–Ito: community orange, individual blue, structural green),
/// with a darker shade of each for text (contrast ≥ 4.5:1 on white, WCAG AA) and a light
/// tint for backgrounds.

#include <string_view>

namespace assetmap::report {

/// The domain's marker colour, "#rrggbb" (as the raster tiles draw its assets).
const char* domain_colour_of(std::string_view domain);
/// A darker shade for text on white (contrast ≥ 4.5:1).
const char* domain_text_colour(std::string_view domain);
/// A light tint for backgrounds behind dark text.
const char* domain_tint(std::string_view domain);

}  // namespace assetmap::report
