#include "stage_meter.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace assetmap::tools {

namespace {

/// A "kB" line of /proc/self/status in MiB ("VmHWM"); NaN when not available.
double status_mib(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size() + 1, key + ":") != 0) continue;
        std::istringstream fields(line.substr(key.size() + 1));
        double kib = 0;
        if (fields >> kib) return kib / 1024.0;
    }
    return std::nan("");
}

/// Resets the peak resident set size to the current one (Linux clear_refs 5).
bool reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

double rusage_peak_mib() {
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0) return std::nan("");
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

}  // namespace

void StageMeter::begin(std::string_view name) {
    finish();
    reset_ok_ = reset_ok_ && reset_peak();
    stages_.push_back({std::string(name), 0.0, 0.0});
    start_ = std::chrono::steady_clock::now();
    open_ = true;
}

void StageMeter::finish() {
    if (!open_) return;
    Stage& s = stages_.back();
    s.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double hwm = status_mib("VmHWM");
    s.peak_mib = std::isnan(hwm) ? rusage_peak_mib() : hwm;
    if (!std::isnan(s.peak_mib)) process_peak_mib_ = std::max(process_peak_mib_, s.peak_mib);
    open_ = false;
}

double StageMeter::process_peak_mib() const {
    // Resetting VmHWM loses the process's own peak; the stages' peaks keep it.
    const double r = rusage_peak_mib();
    return std::isnan(r) ? process_peak_mib_ : std::max(process_peak_mib_, r);
}

}  // namespace assetmap::tools
