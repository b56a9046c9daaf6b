#pragma once
/// @file Progress callback: library code reports, tools draw (or stay quiet).

#include <cstddef>
#include <functional>
#include <string_view>

namespace assetmap {

/// Called with a stage label and `done` of `total` units (total 0 = unknown).
using ProgressFn = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

/// Called as each stage of a long job begins (e.g. "ingest", "measure", "export"), so a
/// tool can time the stages and their peak memory.
using StageFn = std::function<void(std::string_view stage)>;

/// Calls `fn` if set.
inline void report_progress(const ProgressFn& fn, std::string_view stage, std::size_t done,
                            std::size_t total) {
    if (fn) fn(stage, done, total);
}

}  // namespace assetmap
