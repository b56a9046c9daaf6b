#pragma once
/// @file Running a peer's join script (GeoPandas, PostGIS) and reading what it timed.
///
/// A peer script prints `RESULT points=N seconds=S` for its timed join, or `SKIP reason`
/// (exit code 3) when it cannot run here; it writes its per-area counts as "code,count".

#include <cstddef>
#include <string>
#include <vector>

namespace assetmap::bench {

/// What one peer run gave.
struct PeerResult {
    bool ran = false;            ///< a RESULT line was read and the script exited with 0
    std::string why_not;         ///< when not ran: the SKIP reason or the failure
    std::size_t points = 0;      ///< points joined
    double seconds = 0.0;        ///< the join alone, as the peer timed it
    double total_seconds = 0.0;  ///< the whole script (loading included), wall clock
    std::string output;          ///< everything the script printed (stdout and stderr)
};

/// Runs `argv` (program first; each argument is quoted for the shell) and parses its output.
PeerResult run_peer(const std::vector<std::string>& argv);

}  // namespace assetmap::bench
