#include "ingest_command.hpp"

#include "console.hpp"
#include "exit_codes.hpp"

#include <assetmap/ingest/ingest.hpp>

#include <chrono>
#include <filesystem>

namespace assetmap::tools {

std::string resolve_study_path(const std::string& study) {
    namespace fs = std::filesystem;
    const std::string s = study.empty() ? "newport" : study;
    const bool toml = s.size() > 5 && s.substr(s.size() - 5) == ".toml";
    if (fs::exists(s) || s.find('/') != std::string::npos || toml)
        return fs::is_directory(s) ? (fs::path(s) / "study.toml").string() : s;
    return (fs::path(ASSETMAP_DEFAULT_STUDY_DIR) / s / "study.toml").string();
}

int ingest_command(const IngestArgs& args, Console& console) {
    const auto start = std::chrono::steady_clock::now();
    ingest::IngestOptions options;
    options.strict = args.strict;
    options.timestamp_utc = run_timestamp_utc();
    options.progress = console.progress();
    const auto data = ingest::ingest_to_geopackage(resolve_study_path(args.study), args.output,
                                                   options, args.data_dir);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    console.ingest_summary(data, args.output, seconds);
    return exit_ok;
}

}  // namespace assetmap::tools
