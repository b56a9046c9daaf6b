/// @file parallel_for: workers take fixed-size chunks from an atomic counter. Which worker
/// runs a chunk varies from run to run, so callers write per-item results only (never a
/// shared sum); that keeps results identical for any thread count.

#include "measure_steps.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace assetmap::measure::detail {

void parallel_for(std::size_t n, unsigned threads,
                  const std::function<void(std::size_t, std::size_t)>& body,
                  const std::function<void(std::size_t)>& on_progress) {
    parallel_for(n, threads, 512, body, on_progress);
}

void parallel_for(std::size_t n, unsigned threads, std::size_t chunk,
                  const std::function<void(std::size_t, std::size_t)>& body,
                  const std::function<void(std::size_t)>& on_progress) {
    const std::size_t kChunk = std::max<std::size_t>(1, chunk);
    if (n == 0) return;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;

    auto work = [&](bool caller) {
        try {
            while (!failed.load(std::memory_order_relaxed)) {
                const std::size_t begin = next.fetch_add(kChunk);
                if (begin >= n) return;
                const std::size_t end = std::min(n, begin + kChunk);
                body(begin, end);
                const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
                if (caller && on_progress) on_progress(finished);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
            failed = true;
        }
    };

    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    const std::size_t workers =
        std::min<std::size_t>(std::max(1u, threads), chunks);
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    try {
        for (std::size_t i = 1; i < workers; ++i) pool.emplace_back(work, false);
    } catch (...) {
        failed = true;
        for (std::thread& t : pool) t.join();
        throw;
    }
    work(true);
    for (std::thread& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);
}

}  // namespace assetmap::measure::detail
