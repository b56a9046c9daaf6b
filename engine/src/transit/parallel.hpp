#pragma once
// Internal to transit: a parallel loop over [0, n) in small chunks, one worker state per
// thread (e.g. a RangeRaptor with its scratch memory). Workers write per-item results only,
// so results are identical for any thread count. `on_progress(done)` runs on the calling
// thread only.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace assetmap::transit::detail {

template <class State, class MakeState, class Body>
void parallel_chunks(std::size_t n, unsigned threads, std::size_t chunk, MakeState make_state,
                     Body body, const std::function<void(std::size_t)>& on_progress = {}) {
    if (n == 0) return;
    chunk = std::max<std::size_t>(1, chunk);
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto work = [&](bool caller) {
        try {
            std::unique_ptr<State> state = make_state();
            while (!failed.load(std::memory_order_relaxed)) {
                const std::size_t begin = next.fetch_add(chunk);
                if (begin >= n) return;
                const std::size_t end = std::min(n, begin + chunk);
                for (std::size_t i = begin; i < end; ++i) body(*state, i);
                const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
                if (caller && on_progress) on_progress(finished);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
            failed = true;
        }
    };
    const std::size_t chunks = (n + chunk - 1) / chunk;
    const std::size_t workers = std::min<std::size_t>(std::max(1u, threads), chunks);
    std::vector<std::thread> pool;
    try {
        for (std::size_t i = 1; i < workers; ++i) pool.emplace_back(work, false);
    } catch (...) {
        failed = true;
        for (auto& t : pool) t.join();
        throw;
    }
    work(true);
    for (auto& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);
}

/// Same, with no per-worker state.
template <class Body>
void parallel_items(std::size_t n, unsigned threads, std::size_t chunk, Body body) {
    struct Nothing {};
    parallel_chunks<Nothing>(
        n, threads, chunk, [] { return std::make_unique<Nothing>(); },
        [&](Nothing&, std::size_t i) { body(i); });
}

}  // namespace assetmap::transit::detail
