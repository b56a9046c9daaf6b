#pragma once
/// @file The web page's files (the bundle the build writes) held in memory as a fixed table:
/// a request names a key of the table or gets 404; the file system is never touched per
/// request, so no path can reach outside the bundle.

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace assetmap::serve {

/// One file of the bundle.
struct StaticFile {
    std::shared_ptr<const std::string> bytes;
    std::shared_ptr<const std::string> gzip;  ///< gzip of `bytes` for text types, else null
    std::string content_type;
    std::string etag, gzip_etag;
};

/// The files of a bundle folder.
class StaticFiles {
public:
    /// Limits of a bundle (a larger one is refused with input_error).
    static constexpr std::size_t max_files = 4096;
    static constexpr std::size_t max_total_bytes = std::size_t(128) << 20;

    /// An empty table: every request gets the built-in placeholder page at "/".
    StaticFiles();
    /// Reads every regular file under `folder` (recursively, at most 8 levels) whose
    /// relative path is made of safe names (url.hpp is_safe_name; no hidden files). A missing
    /// folder gives the placeholder. Throws input_error when the bundle is over the limits.
    explicit StaticFiles(const std::filesystem::path& folder);

    /// The file for a request path ("/" → "index.html"; "/app.js" → "app.js"), nullptr when
    /// the table has none. Without a bundle index.html, "/" gives the placeholder page.
    const StaticFile* find(std::string_view path) const;

    std::size_t size() const noexcept { return files_.size(); }
    bool has_bundle() const noexcept { return has_index_; }
    const std::string& folder() const noexcept { return folder_; }

private:
    std::map<std::string, StaticFile, std::less<>> files_;
    StaticFile placeholder_;
    bool has_index_ = false;
    std::string folder_;
};

/// The Content-Type of a file name by its extension ("application/octet-stream" when
/// unknown).
std::string content_type_of(std::string_view file_name);

}  // namespace assetmap::serve
