#pragma once
/// @file Wall time and peak memory of each stage of a long command (`assetmap run`), for the
/// run summary and the scale figures in the README.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::tools {

/// Times the stages of one command. `begin(name)` ends the stage in progress and starts the
/// next; `finish()` ends the last. On Linux the peak resident set size is reset at each
/// stage (/proc/self/clear_refs "5") and read back (VmHWM), so each stage gets its own
/// peak; elsewhere the peak is the process's so far.
class StageMeter {
public:
    struct Stage {
        std::string name;
        double wall_s = 0.0;
        double peak_mib = 0.0;  ///< peak resident set size during the stage, MiB (NaN: unknown)
    };

    void begin(std::string_view name);
    void finish();
    const std::vector<Stage>& stages() const noexcept { return stages_; }
    /// The whole process's peak resident set size so far, MiB (NaN: unknown).
    double process_peak_mib() const;
    /// True when the per-stage peaks are the stages' own (the reset worked).
    bool per_stage_peaks() const noexcept { return reset_ok_; }

private:
    std::vector<Stage> stages_;
    std::chrono::steady_clock::time_point start_{};
    bool open_ = false;
    bool reset_ok_ = true;
    double process_peak_mib_ = 0.0;
};

}  // namespace assetmap::tools
