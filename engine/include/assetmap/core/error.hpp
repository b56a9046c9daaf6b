#pragma once
/// @file The small exception tree of assetmap (after vtzero's exception.hpp).
///
/// error                   root; anything assetmap throws
/// ├── input_error         bad or unreadable input data: names file, layer/line, field
/// ├── config_error        bad study file, taxonomy or option value
/// ├── crs_error           unknown CRS or a transform that cannot be built
/// ├── io_error            writing an output failed (wraps the GDAL/OGR message)
/// ├── render_error        a map style cannot be loaded or a tile cannot be rendered
/// ├── strict_error        problems were found and strict mode made them fatal
/// └── missing_tool_error  an optional external program (e.g. Chromium for PDF) is not installed
///
/// Tools map each kind to an exit code in one place (tools/exit_codes.hpp).

#include <stdexcept>
#include <string>

namespace assetmap {

/// Root of every exception assetmap throws.
class error : public std::runtime_error {
public:
    explicit error(const std::string& what) : std::runtime_error(what) {}
};

/// Input data that cannot be read or used. `where` is file[:layer][:line|feature][:field].
class input_error : public error {
public:
    input_error(std::string where, const std::string& what)
        : error(where.empty() ? what : where + ": " + what), where_(std::move(where)) {}
    const std::string& where() const noexcept { return where_; }

private:
    std::string where_;
};

/// A study file, taxonomy or option that is wrong.
class config_error : public error {
public:
    using error::error;
};

/// An unknown CRS, or a transformation that PROJ cannot build.
class crs_error : public error {
public:
    using error::error;
};

/// Writing an output failed.
class io_error : public error {
public:
    using error::error;
};

/// A map style that Mapnik refuses, or a tile that cannot be rendered or encoded (wraps
/// Mapnik's message).
class render_error : public error {
public:
    using error::error;
};

/// Strict mode: data problems were found; the message summarises them.
class strict_error : public error {
public:
    using error::error;
};

/// An optional external program that a requested output needs is not installed; the message
/// says what to install (e.g. `apt-get install chromium`).
class missing_tool_error : public error {
public:
    using error::error;
};

/// A subcommand or feature that a later issue builds.
class not_built_error : public error {
public:
    using error::error;
};

}  // namespace assetmap
