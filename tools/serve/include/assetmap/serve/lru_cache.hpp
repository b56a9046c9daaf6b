#pragma once
/// @file A thread-safe least-recently-used cache bounded by the bytes of its values (the
/// on-demand raster tiles).

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace assetmap::serve {

/// Keys are strings; values are shared, immutable strings. The bytes of the values (plus a
/// fixed overhead per entry) never exceed the capacity; the least recently used entries go
/// first. A value larger than the capacity is not stored.
class LruCache {
public:
    static constexpr std::size_t entry_overhead = 128;  ///< bytes counted per entry

    explicit LruCache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

    /// The value, marked as most recently used; nullptr when absent.
    std::shared_ptr<const std::string> get(const std::string& key) {
        std::lock_guard<std::mutex> lk(mu_);
        const auto it = index_.find(key);
        if (it == index_.end()) {
            ++misses_;
            return nullptr;
        }
        ++hits_;
        order_.splice(order_.begin(), order_, it->second);
        return it->second->second;
    }

    /// Stores (or replaces) a value, evicting the least recently used entries to fit.
    void put(const std::string& key, std::shared_ptr<const std::string> value) {
        const std::size_t cost = value->size() + key.size() + entry_overhead;
        std::lock_guard<std::mutex> lk(mu_);
        if (const auto it = index_.find(key); it != index_.end()) {
            bytes_ -= it->second->second->size() + key.size() + entry_overhead;
            order_.erase(it->second);
            index_.erase(it);
        }
        if (cost > capacity_) return;
        while (bytes_ + cost > capacity_ && !order_.empty()) {
            const auto& last = order_.back();
            bytes_ -= last.second->size() + last.first.size() + entry_overhead;
            index_.erase(last.first);
            order_.pop_back();
        }
        order_.emplace_front(key, std::move(value));
        index_[key] = order_.begin();
        bytes_ += cost;
    }

    /// Copies into this cache the entries of `other` for which `keep(key)` holds, keeping
    /// their order of use (and this cache's capacity).
    template <class Keep>
    void copy_from(const LruCache& other, Keep&& keep) {
        std::vector<Entry> entries;
        {
            std::lock_guard<std::mutex> lk(other.mu_);
            entries.assign(other.order_.rbegin(), other.order_.rend());  // oldest first
        }
        for (auto& [key, value] : entries)
            if (keep(key)) put(key, std::move(value));
    }

    std::size_t bytes() const {
        std::lock_guard<std::mutex> lk(mu_);
        return bytes_;
    }
    std::size_t size() const {
        std::lock_guard<std::mutex> lk(mu_);
        return index_.size();
    }
    std::size_t capacity() const noexcept { return capacity_; }
    std::pair<std::size_t, std::size_t> hits_misses() const {
        std::lock_guard<std::mutex> lk(mu_);
        return {hits_, misses_};
    }

private:
    using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;
    const std::size_t capacity_;
    mutable std::mutex mu_;
    std::list<Entry> order_;  ///< most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::size_t bytes_ = 0;
    std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace assetmap::serve
