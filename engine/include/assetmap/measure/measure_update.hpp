#pragma once
/// @file Re-measuring some categories of a study (after asset edits): the columns of those
/// categories replaced in earlier results, everything else kept. Pure computation.

#include <assetmap/measure/measure_table.hpp>

namespace assetmap::measure {

/// Replaces in `full` everything `part` measured: the area and comparator columns of
/// `part.categories`, their data coverage and partial-data flags, their entries in
/// `categories_without_assets` and `network.categories_unreachable`, and their assets'
/// problems. Both must come from compute_measures over the same areas, population points,
/// network and options (`part` with options.categories a subset of `full`'s), so the result
/// is bit for bit what compute_measures over every category of the new assets gives.
/// Throws std::invalid_argument when they do not fit together (a category or column of
/// `part` that `full` lacks, different rows).
void replace_categories(MeasureResults& full, const MeasureResults& part);

}  // namespace assetmap::measure
