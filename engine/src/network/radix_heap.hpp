#pragma once
/// @file Internal: a radix heap (monotone priority queue) for Dijkstra with double keys.
///
/// Non-negative IEEE doubles order like their bit patterns read as unsigned integers, so the
/// classic integer radix heap works on them unchanged: 65 buckets, bucket i holding keys
/// whose highest bit differing from the last popped key is bit i − 1. Each key moves down
/// at most 64 times; in practice about twice. Keys pushed must not be below the last key
/// popped (true for Dijkstra: d(v) = d(u) + length ≥ d(u)).

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace assetmap::network::detail {

class RadixHeap {
public:
    RadixHeap() { mins_.fill(no_key); }

    bool empty() const noexcept { return size_ == 0; }

    /// Adds `node` with key `d` (≥ 0 and ≥ the last popped key).
    void push(double d, std::uint32_t node) {
        const std::uint64_t key = bits(d);
        const int b = bucket(key);
        buckets_[b].push_back({key, node});
        if (key < mins_[b]) mins_[b] = key;
        ++size_;
    }

    /// Removes and returns a smallest (key, node).
    std::pair<double, std::uint32_t> pop() {
        if (buckets_[0].empty()) {
            int i = 1;
            while (buckets_[i].empty()) ++i;
            last_ = mins_[i];
            for (const Entry& e : buckets_[i]) {
                const int b = bucket(e.key);
                buckets_[b].push_back(e);
                if (e.key < mins_[b]) mins_[b] = e.key;
            }
            buckets_[i].clear();
            mins_[i] = no_key;
        }
        const Entry e = buckets_[0].back();
        buckets_[0].pop_back();
        --size_;
        double d;
        std::memcpy(&d, &e.key, sizeof d);
        return {d, e.node};
    }

    /// Empties the heap (keeps its memory).
    void clear() {
        if (size_ != 0)
            for (auto& b : buckets_) b.clear();
        mins_.fill(no_key);
        last_ = 0;
        size_ = 0;
    }

private:
    struct Entry {
        std::uint64_t key;
        std::uint32_t node;
    };
    static constexpr std::uint64_t no_key = std::numeric_limits<std::uint64_t>::max();

    static std::uint64_t bits(double d) {
        d += 0.0;  // -0.0 → +0.0
        std::uint64_t key;
        std::memcpy(&key, &d, sizeof key);
        return key;
    }
    int bucket(std::uint64_t key) const {
        return key == last_ ? 0 : 64 - __builtin_clzll(key ^ last_);
    }

    std::array<std::vector<Entry>, 65> buckets_;
    std::array<std::uint64_t, 65> mins_{};
    std::uint64_t last_ = 0;
    std::size_t size_ = 0;
};

}  // namespace assetmap::network::detail
