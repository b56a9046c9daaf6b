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

/// SIGUSR2 sent to the waiting thread alone ends it (stop_interrupt_cleanup).
constexpr int handover_signal = SIGUSR2;

struct Watcher {
    std::thread thread;
    sigset_t signals;
};

Watcher& watcher() {
    static Watcher* const w = new Watcher;  // never destroyed: its thread may still wait at exit
    return *w;
}

void watch(sigset_t set) {
    sigaddset(&set, handover_signal);
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    if (sig == handover_signal) return;
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
    Watcher& w = watcher();
    if (w.thread.joinable()) return;
    w.signals = stop_signals();
    sigset_t blocked = w.signals;
    sigaddset(&blocked, handover_signal);  // only the watcher takes it, by sigwait
    pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
    w.thread = std::thread(watch, w.signals);
}

void stop_interrupt_cleanup() {
    Watcher& w = watcher();
    if (!w.thread.joinable()) return;
    pthread_kill(w.thread.native_handle(), handover_signal);
    w.thread.join();
    pthread_sigmask(SIG_UNBLOCK, &w.signals, nullptr);
}

}  // namespace assetmap::tools
