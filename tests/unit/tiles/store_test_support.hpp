#pragma once
// Helpers for the tile-store tests, independent of the library's own encoders: a temporary
// folder, gzip and a minimal RGBA PNG encoder on zlib, a one-point MVT tile built with
// protozero, and running the command-line oracles (sqlite3, gdalinfo, ogrinfo, python3).

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <protozero/pbf_writer.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace store_test {

namespace fs = std::filesystem;

/// A fresh folder under the system temp dir, removed with its contents at scope exit.
class TempDir {
  public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "assetmap-tiles-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

  private:
    fs::path path_;
};

inline std::string file_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

/// gzip (zlib, windowBits 31).
inline std::string gzip(const std::string& data) {
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, uLong(data.size())) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

/// gunzip (zlib, windowBits 31); throws on corrupt data.
inline std::string gunzip(const std::string& data) {
    z_stream zs{};
    inflateInit2(&zs, 31);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    std::string out;
    char buf[16384];
    int rc;
    do {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("gunzip failed");
        }
        out.append(buf, sizeof buf - zs.avail_out);
    } while (rc != Z_STREAM_END);
    inflateEnd(&zs);
    return out;
}

/// A size × size RGBA PNG of one colour (PNG spec: signature, IHDR, IDAT of filter-0 rows
/// deflated with zlib, IEND; each chunk length, type, data, CRC-32 of type + data).
inline std::string make_png(std::uint32_t size, unsigned char r, unsigned char g, unsigned char b,
                            unsigned char a = 255) {
    const auto be32 = [](std::string& s, std::uint32_t v) {
        for (int i = 3; i >= 0; --i) s += char((v >> (8 * i)) & 0xFF);
    };
    const auto chunk = [&be32](std::string& png, const char* type, const std::string& data) {
        be32(png, std::uint32_t(data.size()));
        const std::string body = std::string(type, 4) + data;
        png += body;
        be32(png, std::uint32_t(
                      crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
    };
    std::string png = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    be32(ihdr, size);
    be32(ihdr, size);
    ihdr +=
        std::string("\x08\x06\x00\x00\x00", 5);  // 8 bits, RGBA, deflate, filter 0, no interlace
    chunk(png, "IHDR", ihdr);
    std::string raw;
    for (std::uint32_t y = 0; y < size; ++y) {
        raw += '\0';
        for (std::uint32_t x = 0; x < size; ++x) raw += {char(r), char(g), char(b), char(a)};
    }
    uLongf n = compressBound(uLong(raw.size()));
    std::string z(n, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &n, reinterpret_cast<const Bytef*>(raw.data()),
             uLong(raw.size()));
    z.resize(n);
    chunk(png, "IDAT", z);
    chunk(png, "IEND", "");
    return png;
}

/// An MVT 2.1 tile (vector_tile.proto) with one layer holding one point feature (id 1) at
/// tile coordinates (x, y) of a 4096 extent and one string attribute key = value.
inline std::string make_point_mvt(const std::string& layer_name, const std::string& key,
                                  const std::string& value, std::uint32_t x, std::uint32_t y) {
    const auto zigzag = [](std::int32_t v) { return std::uint32_t((v << 1) ^ (v >> 31)); };
    std::string buf;
    protozero::pbf_writer tile(buf);
    {
        protozero::pbf_writer layer(tile, 3);  // Tile.layers
        layer.add_uint32(15, 2);               // version
        layer.add_string(1, layer_name);       // name
        {
            protozero::pbf_writer feature(layer, 2);  // features
            feature.add_uint64(1, 1);                 // id
            const std::uint32_t tags[] = {0, 0};      // key 0 = value 0
            feature.add_packed_uint32(2, std::begin(tags), std::end(tags));
            feature.add_enum(3, 1);                                   // GeomType POINT
            const std::uint32_t geometry[] = {(1u & 7u) | (1u << 3),  // MoveTo, count 1
                                              zigzag(std::int32_t(x)), zigzag(std::int32_t(y))};
            feature.add_packed_uint32(4, std::begin(geometry), std::end(geometry));
        }
        layer.add_string(3, key);  // keys
        {
            protozero::pbf_writer v(layer, 4);  // values
            v.add_string(1, value);             // string_value
        }
        layer.add_uint32(5, 4096);  // extent
    }
    return buf;
}

inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs a shell command; returns (exit status, stdout + stderr).
inline std::pair<int, std::string> run(const std::string& command) {
    std::string out;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) return {-1, ""};
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline bool have_tool(const std::string& name) {
    return run("command -v " + name + " >/dev/null").first == 0;
}

/// `sqlite3 -batch -noheader file sql`, trailing newline stripped.
inline std::string sqlite(const fs::path& db, const std::string& sql) {
    auto [rc, out] = run("sqlite3 -batch -noheader " + quote(db.string()) + " " + quote(sql));
    if (rc != 0) throw std::runtime_error("sqlite3 failed: " + out);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace store_test
