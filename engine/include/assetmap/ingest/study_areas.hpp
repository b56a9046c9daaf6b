#pragma once
/// @file The study areas read and checked as ingest does, with their point locator: what
/// points are matched against.

#include <assetmap/core/study.hpp>
#include <assetmap/core/study_data.hpp>
#include <assetmap/spatial/area_locator.hpp>

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace assetmap::ingest {

/// The areas of a study, sorted by code, and what matching a point needs. Move-only: the
/// code index views the areas' codes.
struct StudyAreas {
    std::vector<Area> areas;  ///< sorted by code
    /// Every code of the area source, before the parent filter: a point whose code is one
    /// of these but not a study area's lies outside the study by design.
    std::set<std::string, std::less<>> all_source_codes;
    /// Area index by code (views into `areas`).
    std::unordered_map<std::string_view, std::size_t> index_of_code;
    spatial::AreaLocator locator;  ///< over `areas`, same order (edge rule: lowest code)

    StudyAreas(std::vector<Area> sorted_areas, std::set<std::string, std::less<>> all_codes,
               unsigned threads = 1);
    StudyAreas(StudyAreas&&) = default;
    StudyAreas& operator=(StudyAreas&&) = default;
    StudyAreas(const StudyAreas&) = delete;
    StudyAreas& operator=(const StudyAreas&) = delete;
};

/// Reads the study's areas (any OGR polygon source), checks them (codes, parents,
/// population, geometry repaired with MakeValid) exactly as ingest_study does, and builds
/// the locator. Problems and the source summary are added to `out`. `threads` check and
/// transform the geometries (the result does not depend on it). Throws input_error when no
/// area remains, and what the readers throw.
StudyAreas read_study_areas(const Study& study, StudyData& out, unsigned threads = 1);

}  // namespace assetmap::ingest
