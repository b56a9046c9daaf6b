#pragma once
/// @file The per-token limit on edits: a token bucket per editor of `per_minute` requests,
/// refilled continuously (one every 60/per_minute seconds), so a burst of `per_minute` is
/// allowed and then the steady rate. Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace assetmap::serve {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    /// `per_minute` 0 = no limit.
    explicit RateLimiter(unsigned per_minute) : per_minute_(per_minute) {}

    /// Takes one request of `who` at `now`; returns 0 when allowed, else the whole seconds to
    /// wait until one is (for Retry-After, at least 1).
    unsigned take(const std::string& who, Clock::time_point now = Clock::now());

    unsigned per_minute() const noexcept { return per_minute_; }

private:
    struct Bucket {
        double tokens = 0.0;
        Clock::time_point at;
    };
    unsigned per_minute_;
    std::mutex mu_;
    std::map<std::string, Bucket> buckets_;
};

}  // namespace assetmap::serve
