#pragma once
/// @file Reaper: frees replaced objects on its own thread, so that the request that replaces
/// a large state (the server's state after an edit) does not wait for the old one to be
/// freed.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace assetmap::serve {

class Reaper {
public:
    Reaper();
    /// Frees everything still queued, then stops the thread.
    ~Reaper();
    Reaper(const Reaper&) = delete;
    Reaper& operator=(const Reaper&) = delete;

    /// Drops `object` on the reaper's thread (freed there if this was the last owner).
    void release(std::shared_ptr<const void> object);

private:
    void loop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<const void>> queue_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace assetmap::serve
