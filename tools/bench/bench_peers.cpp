/// @file Running a peer's join script (see bench_peers.hpp).

#include "bench_peers.hpp"

#include "bench_clock.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstring>
#include <algorithm>
#include <sstream>
#include <thread>

namespace assetmap::bench {

namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

}  // namespace

PeerResult run_peer(const std::vector<std::string>& argv) {
    PeerResult r;
    std::string command;
    for (const std::string& a : argv) command += shell_quote(a) + ' ';
    command += "2>&1";

    const Stopwatch clock;
    std::FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        r.why_not = "cannot start " + argv.front();
        return r;
    }
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
    const int status = pclose(pipe);
    r.total_seconds = clock.seconds();

    bool have_result = false;
    std::istringstream lines(r.output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("SKIP ", 0) == 0) {
            r.why_not = line.substr(5);
        } else if (line.rfind("LOAD ", 0) == 0) {
            std::sscanf(line.c_str(), "LOAD seconds=%lf", &r.load_seconds);
        } else if (line.rfind("CPU ", 0) == 0) {
            char name[64] = {0};
            double wall = 0, server = 0, busy = 0;
            int workers = 0;
            if (std::sscanf(line.c_str(), "CPU %63s wall=%lf side=%lf busy=%lf workers=%d", name,
                            &wall, &server, &busy, &workers) == 5 &&
                wall > 0) {
                CpuShare share;
                share.wall_s = wall;
                share.side_cpu_s = server;
                share.machine_cores = std::max(1U, std::thread::hardware_concurrency());
                share.cores_wanted =
                    std::min(share.machine_cores, static_cast<unsigned>(1 + std::max(0, workers)));
                share.others_cores = std::max(0.0, busy - server) / wall;
                r.shares[name] = share;
            }
        } else if (line.rfind("RESULT ", 0) == 0) {
            unsigned long long points = 0;
            double seconds = 0.0;
            if (std::sscanf(line.c_str(), "RESULT points=%llu seconds=%lf", &points, &seconds) ==
                2) {
                if (!have_result) {
                    r.points = static_cast<std::size_t>(points);
                    r.seconds = seconds;
                }
                have_result = true;
                const std::size_t at = line.find(" label=");
                if (at != std::string::npos) {
                    const std::size_t from = at + std::strlen(" label=");
                    r.seconds_by_label[line.substr(from, line.find(' ', from) - from)] = seconds;
                }
            }
        }
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.ran = have_result && code == 0 && r.seconds > 0.0;
    if (!r.ran && r.why_not.empty()) {
        // The last non-empty line is usually the error.
        std::string last;
        std::istringstream again(r.output);
        while (std::getline(again, line))
            if (!line.empty()) last = line;
        r.why_not =
            "failed (exit " + std::to_string(code) + ")" + (last.empty() ? "" : ": " + last);
    }
    return r;
}

std::string postgis_workers(unsigned threads) {
    return threads > 1 ? "0," + std::to_string(threads - 1) : std::string("0");
}

std::string postgis_join_label(unsigned cores) {
    return "join_w" + std::to_string(cores > 0 ? cores - 1 : 0);
}

}  // namespace assetmap::bench
