#pragma once
/// @file Output paths that are safe to write: inside their output folder, never an input.

#include <assetmap/core/study.hpp>

#include <string>
#include <vector>

namespace assetmap::io {

/// A file a command reads, and how the user named it (for messages), e.g. "--points" or
/// "[areas] path of the study".
struct InputFile {
    std::string path;
    std::string role;
};

/// Every file a study reads: the study file, its taxonomy and each data source (areas and
/// their population CSV, population points, asset sources, network), with a Shapefile's
/// .shx/.dbf/.prj/.cpg. The file behind a GDAL /vsizip/, /vsigzip/ or /vsitar/ path stands
/// for it; other virtual paths (/vsicurl/ …) are left out.
std::vector<InputFile> study_inputs(const Study& study);

/// Throws io_error when writing `output` would write over one of `inputs`: the same file once
/// symbolic links, `.` and `..` are resolved, or the same file under another name (a hard
/// link: the same device and inode). A "PG:" connection string is never a file.
void check_not_an_input(const std::string& output, const std::vector<InputFile>& inputs);

/// `folder`/`file_name`, checked to stay inside `folder`: io_error when `file_name` is empty,
/// ".", "..", absolute, or holds a path separator.
std::string output_in_folder(const std::string& folder, const std::string& file_name);

}  // namespace assetmap::io
