#include <assetmap/core/temp_path.hpp>

#include <mutex>
#include <set>
#include <string>
#include <system_error>

namespace assetmap {

namespace {

struct Registry {
    std::mutex mutex;
    std::multiset<std::string> paths;
};

// Never destroyed: a detached signal-handling thread may use it while the process exits.
Registry& registry() {
    static Registry* r = new Registry;
    return *r;
}

void register_path(const std::filesystem::path& p) {
    if (p.empty()) return;
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    r.paths.insert(p.string());
}

void unregister_path(const std::filesystem::path& p) noexcept {
    if (p.empty()) return;
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    const auto it = r.paths.find(p.string());
    if (it != r.paths.end()) r.paths.erase(it);
}

}  // namespace

TempPath::TempPath(std::filesystem::path path) : path_(std::move(path)) { register_path(path_); }

TempPath::~TempPath() { unregister_path(path_); }

TempPath::TempPath(TempPath&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

TempPath& TempPath::operator=(TempPath&& other) noexcept {
    if (this != &other) {
        unregister_path(path_);
        path_ = std::move(other.path_);
        other.path_.clear();
    }
    return *this;
}

void TempPath::reset(std::filesystem::path path) {
    unregister_path(path_);
    path_ = std::move(path);
    register_path(path_);
}

std::size_t remove_temp_paths_for_exit() noexcept {
    Registry& r = registry();
    r.mutex.lock();  // kept: no writer registers a new file before the process ends
    std::size_t removed = 0;
    for (const auto& p : r.paths) {
        std::error_code ec;
        if (std::filesystem::remove_all(p, ec) > 0 && !ec) ++removed;
        for (const char* sidecar : {"-journal", "-wal", "-shm"})
            std::filesystem::remove(p + sidecar, ec);
    }
    return removed;
}

std::size_t registered_temp_paths() noexcept {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    return r.paths.size();
}

}  // namespace assetmap
