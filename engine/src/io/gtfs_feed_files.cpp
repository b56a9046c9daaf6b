/// @file Where a GTFS feed's tables are (a zip read in place through /vsizip/, or a folder),
/// and the number parsing the table readers share (see gtfs_reader_detail.hpp).

#include "gtfs_reader_detail.hpp"

#include <assetmap/core/error.hpp>

#include <cpl_error.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace assetmap::io::detail {

FeedFiles::FeedFiles(const std::string& path) : path_(path) {
    VSIStatBufL st{};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool found = VSIStatL(path.c_str(), &st) == 0;
    CPLPopErrorHandler();
    if (!found)
        throw input_error(path, "GTFS feed not found; check the path in [transit] feeds");
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (VSI_ISDIR(st.st_mode)) {
        prefix_ = path + "/";
    } else if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".zip") == 0) {
        prefix_ = "/vsizip/" + path + "/";
    } else {
        throw input_error(path, "not a GTFS feed: give a .zip file or a folder holding "
                                "stops.txt, routes.txt, trips.txt and stop_times.txt");
    }
}

bool FeedFiles::exists(const std::string& table) const {
    VSIStatBufL st{};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool ok = VSIStatL((prefix_ + table).c_str(), &st) == 0 && !VSI_ISDIR(st.st_mode);
    CPLPopErrorHandler();
    return ok;
}

std::optional<GtfsTable> FeedFiles::open(const std::string& table) const {
    if (!exists(table)) return std::nullopt;
    GByte* data = nullptr;
    vsi_l_offset size = 0;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const int ok = VSIIngestFile(nullptr, (prefix_ + table).c_str(), &data, &size, -1);
    CPLPopErrorHandler();
    if (!ok) {
        VSIFree(data);
        throw input_error(display(table), "cannot read the file (" +
                                              std::string(CPLGetLastErrorMsg()) +
                                              "); check that the feed is a valid zip");
    }
    std::string text(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    VSIFree(data);
    return GtfsTable(std::move(text), display(table));
}

GtfsTable FeedFiles::require(const std::string& table) const {
    auto t = open(table);
    if (!t)
        throw input_error(path_, "GTFS feed has no " + table +
                                     " (required); the tables must be at the top level of "
                                     "the zip or folder");
    return std::move(*t);
}

std::optional<double> to_double(std::string_view s) {
    if (s.empty()) return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<long> to_long(std::string_view s) {
    if (s.empty()) return std::nullopt;
    long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace assetmap::io::detail
