/// @file Machine load, CPU shares and whole-process runs (see bench_fairness.hpp).

#include "bench_fairness.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace assetmap::bench {

namespace {

double seconds(const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) * 1e-6; }

double rusage_cpu(int who) {
    rusage u{};
    getrusage(who, &u);
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

double ticks_per_s() {
    static const double hz = [] {
        const long t = sysconf(_SC_CLK_TCK);
        return t > 0 ? double(t) : 100.0;
    }();
    return hz;
}

/// Busy CPU seconds of the whole machine (all cores) from the "cpu" line of /proc/stat.
double read_machine_busy_s() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (!(in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal))
        return 0.0;
    return (user + nice + system + irq + softirq + steal) / ticks_per_s();
}

unsigned machine_cores() { return std::max(1U, std::thread::hardware_concurrency()); }

std::string fmt(const char* format, double a, double b = 0, double c = 0, double d = 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, format, a, b, c, d);
    return buf;
}

}  // namespace

CpuSnapshot CpuSnapshot::now() {
    CpuSnapshot s;
    s.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
                   .count();
    s.machine_busy_s = read_machine_busy_s();
    s.self_s = rusage_cpu(RUSAGE_SELF);
    s.children_s = rusage_cpu(RUSAGE_CHILDREN);
    return s;
}

double CpuShare::share() const {
    const double free_cores = double(machine_cores) - others_cores;
    return std::clamp(free_cores / double(std::max(1U, cores_wanted)), 0.0, 1.0);
}

std::string CpuShare::describe() const {
    char buf[200];
    std::snprintf(buf, sizeof buf, "CPU %.2f cores (wants %u), other work %.2f cores: share %.0f%%",
                  wall_s > 0 ? side_cpu_s / wall_s : 0.0, cores_wanted, others_cores,
                  100.0 * share());
    return buf;
}

CpuShare cpu_share(const CpuSnapshot& before, const CpuSnapshot& after, SideKind kind,
                   unsigned cores_wanted, double external_cpu_s) {
    CpuShare s;
    s.wall_s = std::max(1e-9, after.wall_s - before.wall_s);
    s.cores_wanted = std::max(1U, cores_wanted);
    s.machine_cores = machine_cores();
    const double self = after.self_s - before.self_s;
    const double children = after.children_s - before.children_s;
    const double busy = after.machine_busy_s - before.machine_busy_s;
    double ours = self + children;  // everything this bench and its children did
    switch (kind) {
    case SideKind::in_process: s.side_cpu_s = self; break;
    case SideKind::children: s.side_cpu_s = children; break;
    case SideKind::external:
        s.side_cpu_s = external_cpu_s;
        ours += external_cpu_s;
        break;
    }
    // /proc/stat ticks are coarse: never count less than nothing as other work.
    s.others_cores = std::max(0.0, busy - ours) / s.wall_s;
    return s;
}

std::string machine_load_line() {
    std::ifstream in("/proc/loadavg");
    double l1 = 0, l5 = 0, l15 = 0;
    std::string running;
    in >> l1 >> l5 >> l15 >> running;
    const auto slash = running.find('/');
    const std::string now = slash == std::string::npos ? "?" : running.substr(0, slash);
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "machine  %u cores, load average %.2f %.2f %.2f (1, 5, 15 min), %s running "
                  "now\n",
                  machine_cores(), l1, l5, l15, now.c_str());
    return buf;
}

std::string ratio_line(const std::string& what, double ratio,
                       const std::vector<std::pair<std::string, CpuShare>>& sides, int decimals) {
    for (const auto& [name, share] : sides)
        if (!share.fair())
            return "ratio    " + what + ": not given: " + name + " got only " +
                   fmt("%.0f%%", 100.0 * share.share()) + " of its cores (" + share.describe() +
                   "); rerun on an idle machine\n";
    const std::string format = "%." + std::to_string(std::clamp(decimals, 0, 6)) + "fx";
    return "ratio    " + what + ": " + fmt(format.c_str(), ratio) + "\n";
}

double processes_cpu_s(const std::string& name) {
    DIR* dir = opendir("/proc");
    if (!dir) return 0.0;
    double ticks = 0.0;
    while (const dirent* e = readdir(dir)) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
        std::string line;
        if (!std::getline(in, line)) continue;
        const auto open = line.find('('), close = line.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        if (line.compare(open + 1, close - open - 1, name) != 0) continue;
        std::istringstream rest(line.substr(close + 2));
        std::string field;
        double utime = 0, stime = 0;
        for (int k = 3; k <= 15 && rest >> field; ++k) {
            if (k == 14) utime = std::atof(field.c_str());
            if (k == 15) stime = std::atof(field.c_str());
        }
        ticks += utime + stime;
    }
    closedir(dir);
    return ticks / ticks_per_s();
}

namespace {

/// One started process: its pid, output file and peak-memory file.
struct Started {
    pid_t pid = 0;
    std::string out_path, rss_path;
    std::string error;  ///< set when it could not start
};

Started start_process(const std::vector<std::string>& argv) {
    Started s;
    char out_path[] = "/tmp/assetmap_bench_outXXXXXX";
    const int fd = mkstemp(out_path);
    if (fd < 0) {
        s.error = "cannot make a temporary file\n";
        return s;
    }
    s.out_path = out_path;
    // Peak memory through /usr/bin/time (which forks): the child of posix_spawn shares this
    // process's memory until exec, so its own ru_maxrss would report this process's peak
    // whenever that is the larger.
    char rss_path[] = "/tmp/assetmap_bench_rssXXXXXX";
    const int rss_fd = access("/usr/bin/time", X_OK) == 0 ? mkstemp(rss_path) : -1;
    std::vector<std::string> full;
    if (rss_fd >= 0) {
        close(rss_fd);
        s.rss_path = rss_path;
        full = {"/usr/bin/time", "-q", "-f", "%M", "-o", rss_path};
    }
    full.insert(full.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (const auto& a : full) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fd, STDERR_FILENO);
    const int rc = posix_spawnp(&s.pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fd);
    if (rc != 0) {
        s.pid = 0;
        s.error = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc) + "\n";
    }
    return s;
}

/// Waits for a started process: its exit code, CPU, peak memory and output into `r`.
void finish_process(Started& s, ProcessRun& r) {
    if (s.pid != 0) {
        int status = 0;
        rusage usage{};
        wait4(s.pid, &status, 0, &usage);
        r.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
        r.peak_rss_mib = double(usage.ru_maxrss) / 1024.0;
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (!s.rss_path.empty()) {
            std::ifstream rss(s.rss_path);
            double kib = 0;
            // "Command exited with non-zero status N" may come first; the figure is last.
            for (std::string line; std::getline(rss, line);)
                if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])))
                    kib = std::atof(line.c_str());
            if (kib > 0) r.peak_rss_mib = kib / 1024.0;
        }
    }
    r.output = s.error;
    if (!s.out_path.empty()) {
        std::ifstream in(s.out_path, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        r.output += ss.str();
        unlink(s.out_path.c_str());
    }
    if (!s.rss_path.empty()) unlink(s.rss_path.c_str());
}

}  // namespace

ProcessRun run_process(const std::vector<std::string>& argv, unsigned cores_wanted) {
    return run_processes_at_once({argv}, cores_wanted);
}

ProcessRun run_processes_at_once(const std::vector<std::vector<std::string>>& argvs,
                                 unsigned cores_wanted) {
    ProcessRun all;
    const CpuSnapshot before = CpuSnapshot::now();
    std::vector<Started> started;
    for (const auto& argv : argvs) started.push_back(start_process(argv));
    std::vector<ProcessRun> runs(started.size());
    for (std::size_t i = 0; i < started.size(); ++i) finish_process(started[i], runs[i]);
    const CpuSnapshot after = CpuSnapshot::now();
    all.wall_s = after.wall_s - before.wall_s;
    all.share = cpu_share(before, after, SideKind::children, cores_wanted);
    all.exit_code = runs.empty() ? -1 : 0;
    for (const auto& r : runs) {
        all.cpu_s += r.cpu_s;
        all.peak_rss_mib = std::max(all.peak_rss_mib, r.peak_rss_mib);
        all.output += r.output;
        if (all.exit_code == 0 && r.exit_code != 0) all.exit_code = r.exit_code;
    }
    return all;
}

}  // namespace assetmap::bench
