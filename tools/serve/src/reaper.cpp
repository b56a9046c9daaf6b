/// @file Reaper (reaper.hpp).

#include <assetmap/serve/reaper.hpp>

namespace assetmap::serve {

Reaper::Reaper() : thread_([this] { loop(); }) {}

Reaper::~Reaper() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Reaper::release(std::shared_ptr<const void> object) {
    if (!object) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(object));
    }
    wake_.notify_one();
}

void Reaper::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        while (!queue_.empty()) {
            std::shared_ptr<const void> object = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            object.reset();  // the free happens here, off the requests' threads
            lock.lock();
        }
        if (stop_) return;
    }
}

}  // namespace assetmap::serve
