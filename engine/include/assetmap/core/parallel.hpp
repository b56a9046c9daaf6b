#pragma once
/// @file A minimal parallel loop over index chunks (standard library only).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace assetmap {

/// Calls `body(begin, end, worker)` for consecutive chunks of [0, n) of `chunk` items, on
/// `threads` workers (the caller is worker 0); `worker` < threads lets a body keep state per
/// worker. Which worker runs a chunk varies: bodies write per-item results only. The first
/// exception stops the loop and is rethrown.
template <typename Body>
void parallel_chunks(std::size_t n, unsigned threads, std::size_t chunk, Body&& body) {
    if (n == 0) return;
    chunk = std::max<std::size_t>(1, chunk);
    const std::size_t chunks = (n + chunk - 1) / chunk;
    const unsigned workers =
        static_cast<unsigned>(std::min<std::size_t>(std::max(1U, threads), chunks));
    if (workers == 1) {
        body(std::size_t(0), n, 0U);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto run = [&](unsigned worker) {
        try {
            while (!failed.load(std::memory_order_relaxed)) {
                const std::size_t begin = next.fetch_add(chunk);
                if (begin >= n) return;
                body(begin, std::min(n, begin + chunk), worker);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(run, w);
    run(0);
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace assetmap
