/// @file CsvTable::read_file: a whole CSV read through GDAL's virtual file system (plain paths,
/// /vsizip/…, /vsitar/…), with the reason when it cannot be. Apart from the parser (csv.cpp)
/// so that a program that parses CSV but reads no file with it (the `count` front,
/// tools/front) links no GDAL.

#include "assetmap/io/csv.hpp"

#include "assetmap/core/error.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <cpl_vsi_error.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace assetmap::io {

namespace {

/// Restores the previous GDAL error handler on scope exit; errors are collected silently.
struct QuietGdalErrors {
    QuietGdalErrors() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
        VSIErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

/// The best available reason for the last failed VSI call on `path`, without a leading
/// "path: " (the error's `where` already names the file).
std::string vsi_reason(const std::string& path, int saved_errno) {
    std::string reason;
    const char* vsi_msg = VSIGetLastErrorMsg();
    const char* cpl_msg = CPLGetLastErrorMsg();
    if (vsi_msg != nullptr && *vsi_msg != '\0') {
        reason = vsi_msg;
    } else if (cpl_msg != nullptr && *cpl_msg != '\0') {
        reason = cpl_msg;
    } else if (saved_errno != 0) {
        reason = std::strerror(saved_errno);
    } else {
        return "unknown error";
    }
    const std::string prefix = path + ": ";
    if (reason.size() > prefix.size() && reason.compare(0, prefix.size(), prefix) == 0) {
        reason.erase(0, prefix.size());
    }
    return reason;
}

/// Why a path inside an archive (/vsizip/…/data.zip/stops.txt) cannot be opened, when GDAL
/// gives no reason: the archive is missing or not an archive, or it lacks the member (then
/// the names it holds). Empty for other paths.
std::string archive_reason(const std::string& path) {
    for (const char* prefix : {"/vsizip/", "/vsitar/"}) {
        const std::string p(prefix);
        if (path.rfind(p, 0) != 0) continue;
        const std::string rest = path.substr(p.size());
        for (const char* ext : {".zip/", ".ZIP/", ".tar/", ".tgz/", ".tar.gz/"}) {
            const auto at = rest.find(ext);
            if (at == std::string::npos) continue;
            const std::string archive = rest.substr(0, at + std::string(ext).size() - 1);
            const std::string member = rest.substr(at + std::string(ext).size());
            VSIStatBufL st{};
            if (VSIStatL(archive.c_str(), &st) != 0)
                return "the archive " + archive + " does not exist";
            char** names = VSIReadDir((p + archive).c_str());
            if (!names) return archive + " cannot be read as an archive; check the file";
            std::string list;
            int n = 0;
            for (char** q = names; *q; ++q, ++n)
                if (n < 12) list += (list.empty() ? "" : ", ") + std::string(*q);
            if (n > 12) list += ", …";
            CSLDestroy(names);
            return "the archive " + archive + " has no " + member +
                   (list.empty() ? std::string(" (it is empty)") : " (it holds: " + list + ")");
        }
    }
    return {};
}

}  // namespace

CsvTable CsvTable::read_file(const std::string& path) {
    std::string text;
    {
        QuietGdalErrors quiet;
        VSIStatBufL st{};
        const bool have_stat = VSIStatL(path.c_str(), &st) == 0;
        if (have_stat && VSI_ISDIR(st.st_mode)) {
            throw input_error(path, "cannot open file: it is a directory; check the path");
        }
        errno = 0;
        VSILFILE* fp = VSIFOpenExL(path.c_str(), "rb", TRUE);
        if (fp == nullptr) {
            const int saved = errno;
            const std::string in_archive = archive_reason(path);
            if (!in_archive.empty()) throw input_error(path, in_archive);
            throw input_error(path,
                              "cannot open file: " + vsi_reason(path, saved) + "; check the path");
        }
        const std::size_t expected = have_stat ? static_cast<std::size_t>(st.st_size) : 0;
        text.reserve(expected);
        char buf[1 << 16];
        for (;;) {
            const std::size_t n = VSIFReadL(buf, 1, sizeof buf, fp);
            text.append(buf, n);
            if (n < sizeof buf) break;
        }
        VSIFCloseL(fp);
        // A short read cannot be told from the end of file in GDAL 3.6 (VSIFEofL is not
        // reliable for every handler), so compare with the size that stat reported.
        if (text.size() < expected) {
            throw input_error(path, "cannot open file: reading it failed (" +
                                        vsi_reason(path, errno) +
                                        "); check the path and that the file is readable");
        }
    }
    return parse(text, path);
}

}  // namespace assetmap::io
