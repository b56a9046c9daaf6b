#pragma once
// gzip with zlib, shared by the tile stores and the vector tiler (tiles-internal).

#include <assetmap/core/error.hpp>

#include <zlib.h>

#include <limits>
#include <string>
#include <string_view>

namespace assetmap::tiles::detail {

/// A reusable zlib deflate stream writing gzip (default window and memory, no name,
/// mtime 0): the same input always gives the same bytes.
class GzipDeflater {
  public:
    explicit GzipDeflater(int level) {
        if (deflateInit2(&zs_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw error("zlib: cannot initialise deflate");
    }
    ~GzipDeflater() { deflateEnd(&zs_); }
    GzipDeflater(const GzipDeflater&) = delete;
    GzipDeflater& operator=(const GzipDeflater&) = delete;

    std::string compress(std::string_view in) {
        if (in.size() > std::numeric_limits<uInt>::max())
            throw error("zlib: input of " + std::to_string(in.size()) + " bytes is too large");
        if (deflateReset(&zs_) != Z_OK) throw error("zlib: cannot reset deflate");
        std::string out(deflateBound(&zs_, uLong(in.size())), '\0');
        zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        zs_.avail_in = uInt(in.size());
        zs_.next_out = reinterpret_cast<Bytef*>(out.data());
        zs_.avail_out = uInt(out.size());
        if (deflate(&zs_, Z_FINISH) != Z_STREAM_END) throw error("zlib: deflate failed");
        out.resize(zs_.total_out);
        return out;
    }

  private:
    z_stream zs_{};
};

}  // namespace assetmap::tiles::detail
