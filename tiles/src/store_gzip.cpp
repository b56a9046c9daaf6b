// gzip for the tile stores (store_support.hpp): deterministic compression through
// GzipDeflater, bounded decompression.
#include <zlib.h>

#include <assetmap/core/error.hpp>

#include "gzip.hpp"
#include "store_support.hpp"

namespace assetmap::tiles::detail {

std::string gzip_compress(std::string_view data) {
    return GzipDeflater(Z_BEST_COMPRESSION).compress(data);
}

std::string gzip_decompress(std::string_view data, const std::string& what, std::size_t max_bytes) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw io_error(what + ": zlib inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    std::string out;
    char buf[65536];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            const std::string msg = zs.msg ? zs.msg : "truncated or corrupt data";
            inflateEnd(&zs);
            throw io_error(what + ": cannot decompress (zlib: " + msg + ")");
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_bytes) {
            inflateEnd(&zs);
            throw io_error(what + ": decompressed data larger than " + std::to_string(max_bytes) +
                           " bytes");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw io_error(what + ": cannot decompress (zlib: truncated data)");
        }
    }
    inflateEnd(&zs);
    return out;
}

bool is_gzip(std::string_view data) {
    return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
           static_cast<unsigned char>(data[1]) == 0x8b;
}

}  // namespace assetmap::tiles::detail
