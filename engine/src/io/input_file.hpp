#pragma once
/// @file detail::InputFile: a file read in blocks by the streaming CSV readers, opened through
/// GDAL's virtual file system (input_file.cpp), so a plain path, /vsizip/…, /vsigzip/… or
/// /vsicurl/… all read the same way. Kept apart from the readers so that a program reading
/// only plain files (the `count` front, tools/front) can supply its own and link no GDAL.

#include <cstddef>
#include <cstdint>
#include <string>

namespace assetmap::io::detail {

class InputFile {
  public:
    /// Opens `path`; throws input_error ("cannot open file: …; check the path") when it is a
    /// directory or cannot be opened.
    explicit InputFile(const std::string& path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    /// The size from stat, 0 when unknown.
    std::uint64_t size() const { return size_; }
    /// Appends up to `n` bytes to `out`; returns the count (short at the end of the file).
    std::size_t read_into(std::string& out, std::size_t n);
    /// Moves to byte `offset`; false when it cannot.
    bool seek(std::uint64_t offset);

  private:
    void* handle_ = nullptr;  ///< the VSILFILE* (or the front's FILE*)
    std::uint64_t size_ = 0;
};

}  // namespace assetmap::io::detail
