#pragma once
/// @file The memory this process may still take: the system's available memory, within the
/// limit of its control group when it has one (a container, a batch job).

#include <cstdint>
#include <optional>

namespace assetmap::tools {

/// MemAvailable of /proc/meminfo, or less when the process's cgroup (v2) memory.max leaves
/// less above memory.current; nullopt where neither can be read (not Linux).
std::optional<std::uint64_t> available_memory_bytes();

}  // namespace assetmap::tools
