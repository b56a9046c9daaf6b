/// @file The per-token edit limit (rate_limiter.hpp).

#include <assetmap/serve/rate_limiter.hpp>

#include <algorithm>
#include <cmath>

namespace assetmap::serve {

unsigned RateLimiter::take(const std::string& who, Clock::time_point now) {
    if (per_minute_ == 0) return 0;
    const double capacity = per_minute_;
    const double per_second = capacity / 60.0;
    std::lock_guard<std::mutex> lk(mu_);
    auto [it, fresh] = buckets_.try_emplace(who);
    Bucket& b = it->second;
    if (fresh) {
        b.tokens = capacity;
    } else {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(capacity, b.tokens + std::max(0.0, elapsed) * per_second);
    }
    b.at = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return static_cast<unsigned>(std::max(1.0, std::ceil((1.0 - b.tokens) / per_second)));
}

}  // namespace assetmap::serve
