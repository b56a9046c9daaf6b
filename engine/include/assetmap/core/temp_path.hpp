#pragma once
/// @file Temporary outputs of this process, removed when it is interrupted.
///
/// Writers build an output beside its destination under a temporary name and rename it into
/// place when it is complete. Each temporary file or folder is registered here for its whole
/// life (TempPath), so that the tools' SIGINT/SIGTERM handling (tools/interrupt.cpp) can
/// remove every one before the process ends. This registry is the engine's one piece of
/// process-wide state, because a signal is process-wide; it is thread-safe.

#include <cstddef>
#include <filesystem>

namespace assetmap {

/// Registers a temporary output path (a file or a folder) until destroyed or reset. It does
/// not remove the path: its owner renames or removes it; only an interrupted process has
/// remove_temp_paths_for_exit() remove what is still registered.
class TempPath {
public:
    TempPath() = default;
    explicit TempPath(std::filesystem::path path);
    ~TempPath();
    TempPath(TempPath&& other) noexcept;
    TempPath& operator=(TempPath&& other) noexcept;
    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;

    /// Registers `path` instead (an empty path: nothing).
    void reset(std::filesystem::path path = {});
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// Removes every registered temporary path (folders recursively; with SQLite's -journal,
/// -wal and -shm files beside each) and returns how many existed. From then on any thread
/// that registers or unregisters a path waits forever: call it only on the way out of the
/// process (the tools' signal handling does, then lets the signal end the process).
std::size_t remove_temp_paths_for_exit() noexcept;

/// How many paths are registered now (for tests).
std::size_t registered_temp_paths() noexcept;

}  // namespace assetmap
