#include <assetmap/serve/compression.hpp>

#include <assetmap/core/error.hpp>

#include <zlib.h>

#include <limits>

namespace assetmap::serve {

std::string gzip_compress(std::string_view in, int level) {
    if (in.size() > std::numeric_limits<uInt>::max())
        throw error("gzip: body of " + std::to_string(in.size()) + " bytes is too large");
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw error("zlib: cannot initialise deflate");
    std::string out(deflateBound(&zs, uLong(in.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw error("zlib: deflate failed");
    return out;
}

std::optional<std::string> gzip_decompress(std::string_view in, std::size_t max_bytes) {
    if (in.size() > std::numeric_limits<uInt>::max()) return std::nullopt;
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) return std::nullopt;  // gzip or zlib header
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_bytes) {
            rc = Z_MEM_ERROR;
            break;
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // truncated
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

bool accepts_gzip(std::string_view field) {
    std::size_t i = 0;
    while (i < field.size()) {
        auto comma = field.find(',', i);
        if (comma == std::string_view::npos) comma = field.size();
        std::string_view item = field.substr(i, comma - i);
        i = comma + 1;
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        const auto semi = item.find(';');
        std::string_view coding = item.substr(0, semi);
        while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t'))
            coding.remove_suffix(1);
        auto is = [&](std::string_view want) {
            if (coding.size() != want.size()) return false;
            for (std::size_t k = 0; k < want.size(); ++k)
                if ((static_cast<unsigned char>(coding[k]) | 0x20) != static_cast<unsigned char>(want[k]))
                    return false;
            return true;
        };
        if (!is("gzip") && !is("x-gzip") && coding != "*") continue;
        bool zero = false;
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            const auto q = params.find("q=");
            if (q != std::string_view::npos) {
                std::string_view v = params.substr(q + 2);
                // q=0, q=0.0, q=0.000 mean "not acceptable"
                zero = !v.empty() && v[0] == '0';
                for (std::size_t k = 1; zero && k < v.size() && v[k] != ' ' && v[k] != ';'; ++k)
                    if (v[k] != '.' && v[k] != '0') zero = false;
            }
        }
        if (!zero) return true;
    }
    return false;
}

}  // namespace assetmap::serve
