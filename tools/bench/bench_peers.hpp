#pragma once
/// @file Running a peer's join script (GeoPandas, PostGIS) and reading what it timed.
///
/// A peer script prints `RESULT points=N seconds=S` for its timed join (`… label=L` when it
/// times several settings), or `SKIP reason`
/// (exit code 3) when it cannot run here; it writes its per-area counts as "code,count".

#include "bench_fairness.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace assetmap::bench {

/// What one peer run gave.
struct PeerResult {
    bool ran = false;            ///< a RESULT line was read and the script exited with 0
    std::string why_not;         ///< when not ran: the SKIP reason or the failure
    std::size_t points = 0;      ///< points joined
    double seconds = 0.0;        ///< the join alone, as the peer timed it (its first RESULT)
    /// Each RESULT that names a label ("label=L"): the join alone under that label (e.g.
    /// PostGIS's join_w0, join_w1 for 0 and 1 parallel workers).
    std::map<std::string, double> seconds_by_label;
    double total_seconds = 0.0;  ///< the whole script (loading included), wall clock
    double load_seconds = 0.0;   ///< loading the points, when the peer reports it ("LOAD")
    /// The CPU the peer got in the intervals it reports ("CPU <name> wall= side= busy=
    /// workers="): its server's processes as the side, the rest of the machine as other
    /// work, 1 + the plan's parallel workers (at most the cores) as the cores it wants.
    std::map<std::string, CpuShare> shares;
    std::string output;          ///< everything the script printed (stdout and stderr)
};

/// Runs `argv` (program first; each argument is quoted for the shell) and parses its output.
PeerResult run_peer(const std::vector<std::string>& argv);

/// peer_postgis.sh's WORKERS for runs on 1 and `threads` cores: "0", or "0,threads-1" (the
/// leader works beside its parallel workers).
std::string postgis_workers(unsigned threads);

/// The label of peer_postgis.sh's join on `cores` cores (PeerResult::seconds_by_label).
std::string postgis_join_label(unsigned cores);

}  // namespace assetmap::bench
