#pragma once
/// @file Terminal output for the CLI: progress on a terminal, quiet otherwise.

#include <assetmap/atlas/point_count.hpp>
#include <assetmap/atlas/study_run.hpp>
#include <assetmap/core/progress.hpp>
#include <assetmap/core/study_data.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace assetmap::tools {

class StageMeter;

/// Owns stderr for one command: a progress line when stderr is a terminal, a summary, errors.
class Console {
public:
    /// `quiet`: only errors. Progress is drawn only when stderr is a terminal.
    explicit Console(bool quiet);

    /// A progress callback for library calls (no-op when not on a terminal or quiet).
    ProgressFn progress();
    /// Ends a progress line, if one is drawn.
    void finish_progress();

    /// Prints what ingest found: counts per category, problems per kind, where they are.
    void ingest_summary(const StudyData& data, const std::string& output, double seconds);

    /// Prints what measure/run computed and wrote, with stage times.
    void measure_summary(const atlas::RunResult& result);

    /// Prints what `count` found.
    void count_summary(const atlas::PointCount& result, const std::string& output,
                       const std::string& problems_path);

    /// Prints what a tile command wrote.
    void tiles_summary(std::uint64_t tiles, std::uint64_t bytes, std::size_t max_tile_bytes,
                       std::size_t capped, std::size_t problems, const std::string& output,
                       const std::string& tilejson);

    /// Prints the wall time and peak memory of each stage of a command (`run`).
    void stage_summary(const StageMeter& meter);

    /// Prints "assetmap: error: <message>".
    void error(const std::string& message);

    bool quiet() const noexcept { return quiet_; }

private:
    bool quiet_;
    bool tty_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

/// The run time for metadata: SOURCE_DATE_EPOCH if set (reproducible builds), else now; ISO
/// 8601 UTC.
std::string run_timestamp_utc();

}  // namespace assetmap::tools
