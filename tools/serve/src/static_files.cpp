#include <assetmap/serve/static_files.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/serve/compression.hpp>
#include <assetmap/serve/etag.hpp>
#include <assetmap/serve/url.hpp>

#include <fstream>
#include <sstream>

namespace assetmap::serve {

namespace fs = std::filesystem;

namespace {

const char* const placeholder_html = R"(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>assetmap</title>
<style>body{font:16px/1.5 sans-serif;max-width:40em;margin:2em auto;padding:0 1em}code{background:#eee;padding:0 .2em}</style>
</head>
<body>
<h1>assetmap</h1>
<p>The web map is not built in this installation (its bundle folder is missing); the
services below work.</p>
<ul>
<li><a href="/tiles">/tiles</a> — tile sets and their TileJSON</li>
<li><a href="/ogcapi">/ogcapi</a> — OGC API – Features (add it to QGIS by URL)</li>
<li><a href="/api/atlas">/api/atlas</a>, <a href="/api/areas">/api/areas</a> — the atlas and its area profiles as JSON</li>
<li><a href="/healthz">/healthz</a> — status</li>
</ul>
</body>
</html>
)";

bool is_text(const std::string& type) {
    return type.rfind("text/", 0) == 0 || type.find("javascript") != std::string::npos ||
           type.find("json") != std::string::npos || type.find("svg") != std::string::npos ||
           type.find("xml") != std::string::npos;
}

StaticFile make_file(std::string bytes, std::string type) {
    StaticFile f;
    f.content_type = std::move(type);
    f.etag = strong_etag(bytes);
    if (is_text(f.content_type) && bytes.size() > 256) {
        auto gz = gzip_compress(bytes, 9);
        f.gzip_etag = strong_etag(gz, "gz");
        f.gzip = std::make_shared<const std::string>(std::move(gz));
    }
    f.bytes = std::make_shared<const std::string>(std::move(bytes));
    return f;
}

}  // namespace

std::string content_type_of(std::string_view name) {
    const auto dot = name.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
    if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json" || ext == "map") return "application/json";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "webp") return "image/webp";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "woff") return "font/woff";
    if (ext == "ttf") return "font/ttf";
    if (ext == "pbf" || ext == "mvt") return "application/x-protobuf";
    if (ext == "txt") return "text/plain; charset=utf-8";
    if (ext == "wasm") return "application/wasm";
    return "application/octet-stream";
}

StaticFiles::StaticFiles() { placeholder_ = make_file(placeholder_html, content_type_of("x.html")); }

StaticFiles::StaticFiles(const fs::path& folder) : StaticFiles() {
    folder_ = folder.string();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return;
    std::size_t total = 0;
    fs::recursive_directory_iterator it(folder, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        if (it.depth() >= 8) {
            it.disable_recursion_pending();
            continue;
        }
        const fs::path rel = it->path().lexically_relative(folder);
        bool safe = true;
        for (const auto& part : rel) safe = safe && is_safe_name(part.string());
        if (!safe) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        if (files_.size() >= max_files)
            throw input_error(folder.string(), "the web bundle has more than " +
                                                   std::to_string(max_files) + " files");
        std::ifstream in(it->path(), std::ios::binary);
        if (!in) throw input_error(it->path().string(), "cannot read this file of the web bundle");
        std::stringstream ss;
        ss << in.rdbuf();
        std::string bytes = ss.str();
        total += bytes.size();
        if (total > max_total_bytes)
            throw input_error(folder.string(), "the web bundle is larger than 128 MB");
        const std::string key = rel.generic_string();
        files_.emplace(key, make_file(std::move(bytes), content_type_of(key)));
    }
    has_index_ = files_.count("index.html") > 0;
}

const StaticFile* StaticFiles::find(std::string_view path) const {
    if (path.empty() || path.front() != '/') return nullptr;
    std::string_view key = path.substr(1);
    if (key.empty()) key = "index.html";
    if (const auto it = files_.find(key); it != files_.end()) return &it->second;
    if (key == "index.html" && !has_index_) return &placeholder_;
    return nullptr;
}

}  // namespace assetmap::serve
