#pragma once
/// @file Fair benchmarks: the machine's load and the CPU each side of a comparison got.
///
/// Every side of a comparison is timed between two CpuSnapshots. Its own CPU is this
/// process's (in-process stage), its waited-for children's (a whole process), or a figure
/// the side reports (a server, e.g. PostgreSQL's processes); the CPU the rest of the machine
/// used in the same interval is "other work". A side that wants k cores got
///     share = min(1, (cores − other work in cores) / k),
/// and a ratio is printed only when every side got at least 80 % of its cores; otherwise
/// the bench prints why it refuses.

#include <string>
#include <vector>

namespace assetmap::bench {

/// CPU accounting at one instant.
struct CpuSnapshot {
    double wall_s = 0.0;          ///< steady clock
    double machine_busy_s = 0.0;  ///< all cores, not idle (/proc/stat; 10 ms resolution)
    double self_s = 0.0;          ///< this process, all threads (getrusage SELF)
    double children_s = 0.0;      ///< children waited for (getrusage CHILDREN)
    static CpuSnapshot now();
};

/// Whose CPU a side is.
enum class SideKind {
    in_process,  ///< this process (a stage timed in-process)
    children,    ///< child processes waited for in the interval (a whole process)
    external,    ///< a figure the side reports (a server's processes), given apart
};

/// The CPU one side got during one timed interval.
struct CpuShare {
    double wall_s = 0.0;
    double side_cpu_s = 0.0;     ///< the side's own CPU seconds
    double others_cores = 0.0;   ///< other work on the machine, in cores (mean)
    unsigned cores_wanted = 1;   ///< the side's threads
    unsigned machine_cores = 1;
    /// min(1, (machine_cores − others_cores) / cores_wanted).
    double share() const;
    bool fair() const { return share() >= 0.8; }
    /// "CPU 1.93 cores (wants 2), other work 0.04 cores: share 100%".
    std::string describe() const;
};

/// The share of the side timed between `before` and `after`. For SideKind::external,
/// `external_cpu_s` is the side's own CPU seconds (e.g. PostgreSQL's processes).
CpuShare cpu_share(const CpuSnapshot& before, const CpuSnapshot& after, SideKind kind,
                   unsigned cores_wanted, double external_cpu_s = 0.0);

/// "machine  2 cores, load average 0.42 0.30 0.25 (1, 5, 15 min), 3 processes running".
std::string machine_load_line();

/// "ratio    <what>: 4.2x" when every side is fair; otherwise "ratio    <what>: not given:
/// <side> got only 55% of its cores (…); rerun on an idle machine".
std::string ratio_line(const std::string& what, double ratio,
                       const std::vector<std::pair<std::string, CpuShare>>& sides,
                       int decimals = 1);

/// The CPU seconds used so far by every process whose name is `name` (from /proc; e.g.
/// "postgres" for a PostgreSQL server and its workers). 0 when /proc cannot be read.
double processes_cpu_s(const std::string& name);

/// A whole process run: wall time, CPU, peak memory and exit status.
struct ProcessRun {
    int exit_code = -1;     ///< -1 when it could not start or was killed
    double wall_s = 0.0;
    double cpu_s = 0.0;     ///< user + system of the process and its children
    double peak_rss_mib = 0.0;  ///< the process's peak RSS (via /usr/bin/time -f %M)
    CpuShare share;         ///< the CPU it got (SideKind::children)
    std::string output;     ///< stdout and stderr
};

/// Runs `argv` (no shell) and waits, timing it; `cores_wanted` is its thread count.
ProcessRun run_process(const std::vector<std::string>& argv, unsigned cores_wanted);

/// Starts every command of `argvs` at once (no shell) and waits for all: the wall time until
/// the last ends, their CPU summed, the largest peak memory, the first non-zero exit code,
/// their outputs in order; `cores_wanted` is their threads together. Two copies of a
/// 1-thread job at once show what the machine gives two independent jobs (the ceiling a
/// 2-thread run can reach here).
ProcessRun run_processes_at_once(const std::vector<std::vector<std::string>>& argvs,
                                 unsigned cores_wanted);

}  // namespace assetmap::bench
