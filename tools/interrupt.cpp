#include "interrupt.hpp"

#include <assetmap/core/temp_path.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace assetmap::tools {

namespace {

/// The stop signals this process is not told to ignore (nohup, a background job of a
/// non-interactive shell): an ignored signal stays ignored.
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction current {};
        if (sigaction(sig, nullptr, &current) == 0 && current.sa_handler != SIG_IGN)
            sigaddset(&set, sig);
    }
    return set;
}

[[noreturn]] void watch(sigset_t set) {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    const std::size_t removed = remove_temp_paths_for_exit();
    char msg[160];
    const int n = std::snprintf(msg, sizeof msg,
                                "\nassetmap: stopped by %s; removed %zu temporary output(s)\n",
                                sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP",
                                removed);
    if (n > 0 && ::write(STDERR_FILENO, msg, std::size_t(n)) < 0) {
        // nothing more can be done about a closed stderr
    }
    // Let the signal itself end the process, so the caller sees the usual status.
    std::signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    raise(sig);
    _exit(128 + sig);  // not reached
}

}  // namespace

void install_interrupt_cleanup() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread(watch, set).detach();
}

}  // namespace assetmap::tools
