#pragma once
/// @file `assetmap ingest`: a study file in, a GeoPackage out.

#include <string>

namespace assetmap::tools {

class Console;

/// Arguments of `assetmap ingest`.
struct IngestArgs {
    std::string study;      ///< study file, or a study name under datasets/ (default "newport")
    std::string output;     ///< GeoPackage path
    std::string data_dir;   ///< overrides the study's data directory
    bool strict = false;
};

/// Resolves a study argument: an existing path is used as is; a bare name becomes
/// datasets/<name>/study.toml of this checkout.
std::string resolve_study_path(const std::string& study);

/// Runs ingest and prints the summary; returns an exit code. Throws assetmap::error kinds.
int ingest_command(const IngestArgs& args, Console& console);

}  // namespace assetmap::tools
